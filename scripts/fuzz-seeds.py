#!/usr/bin/env python3
"""Seed corpora for the fuzzing harnesses (tests/Fuzz), cut from the bench's real files.

usage: fuzz-seeds.py OUT_DIR MAKEDUMPFILE_DLL VMCORE.elf[,VMCORE.elf...] KERNEL_DIR[,KERNEL_DIR...]

AFL wants seeds of a few KiB, not the bench's 512 MiB vmcores and multi-MiB kernels, so each
seed keeps the structure of a real file and little of its bulk:
  elf-core    the vmcore's ELF header, program headers and notes, its PT_LOADs cut to 4 pages
  kdump       our makedumpfile -d 0 (-c, -l, -p, -z) of that cut core
  flattened   our makedumpfile -F -l -d 0 of it
  digests     our makedumpfile -l and -E -d 0 of it (their digest trailers)
  vmcoreinfo  the vmcore's VMCOREINFO note text
  kexec-jump  a KEXEC_JUMP note and a kexec entry list in the kernel's layout (kexec_core.c)
  bzimage     the bzImage's boot sector and setup, 16 KiB of its payload (syssize, init_size adjusted)
  vmlinux     the vmlinux's ELF and program headers, notes, its PT_LOADs cut to 256 bytes
  numbers     values from the captured /proc files and command lines of tests/Kexec.Tests/Data
Every file comes from the real inputs named on the command line; nothing binary is committed.
"""
import os
import struct
import subprocess
import sys

PT_LOAD, PT_NOTE = 1, 4


def elf_class(data):
    if data[:4] != b"\x7fELF":
        raise SystemExit(f"fuzz-seeds: not an ELF file")
    return data[4]


def phdrs(data):
    """(offset of each program header, its fields) for ELF32 and ELF64 little-endian files."""
    if elf_class(data) == 2:
        phoff, = struct.unpack_from("<Q", data, 32)
        phentsize, phnum = struct.unpack_from("<HH", data, 54)
        fmt = "<IIQQQQQQ"  # type flags offset vaddr paddr filesz memsz align
        out = []
        for i in range(phnum):
            at = phoff + i * phentsize
            t, f, off, va, pa, fs, ms, al = struct.unpack_from(fmt, data, at)
            out.append((at, dict(type=t, flags=f, offset=off, vaddr=va, paddr=pa, filesz=fs, memsz=ms, align=al)))
        return out, fmt, lambda p: (p["type"], p["flags"], p["offset"], p["vaddr"], p["paddr"], p["filesz"], p["memsz"], p["align"])
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    fmt = "<IIIIIIII"  # type offset vaddr paddr filesz memsz flags align
    out = []
    for i in range(phnum):
        at = phoff + i * phentsize
        t, off, va, pa, fs, ms, f, al = struct.unpack_from(fmt, data, at)
        out.append((at, dict(type=t, flags=f, offset=off, vaddr=va, paddr=pa, filesz=fs, memsz=ms, align=al)))
    return out, fmt, lambda p: (p["type"], p["offset"], p["vaddr"], p["paddr"], p["filesz"], p["memsz"], p["flags"], p["align"])


def read_head(path, limit):
    with open(path, "rb") as f:
        return f.read(limit)


def cut_elf(path, keep_load, max_loads, keep_notes=True):
    """The ELF's headers and notes, then each PT_LOAD cut to keep_load bytes, laid out anew."""
    head = read_head(path, 1 << 20)
    headers, fmt, pack = phdrs(head)
    with open(path, "rb") as f:
        end_of_headers = max(at + struct.calcsize(fmt) for at, _ in headers)
        out = bytearray(head[:end_of_headers])
        loads = 0
        for at, p in headers:
            if p["type"] == PT_LOAD:
                loads += 1
                if loads > max_loads:
                    p = dict(p, filesz=0, memsz=0)  # a segment kept in the table, with no bytes
                keep = min(p["filesz"], keep_load)
                f.seek(p["offset"])
                body = f.read(keep)
                p = dict(p, filesz=len(body), memsz=min(p["memsz"], max(len(body), keep_load)))
            elif p["type"] == PT_NOTE and keep_notes:
                f.seek(p["offset"])
                body = f.read(p["filesz"])
            else:
                body = b""
                p = dict(p, filesz=0)
            while len(out) % 16:
                out.append(0)
            p = dict(p, offset=len(out) if body else 0)
            out += body
            struct.pack_into(fmt, out, at, *pack(p))
    return bytes(out)


def notes_of(path):
    head = read_head(path, 1 << 20)
    headers, _, _ = phdrs(head)
    with open(path, "rb") as f:
        for _, p in headers:
            if p["type"] == PT_NOTE:
                f.seek(p["offset"])
                yield f.read(p["filesz"])


def vmcoreinfo_text(path):
    for area in notes_of(path):
        at = 0
        while at + 12 <= len(area):
            namesz, descsz, _ = struct.unpack_from("<III", area, at)
            name = area[at + 12:at + 12 + namesz].rstrip(b"\0")
            desc_at = at + 12 + ((namesz + 3) & ~3)
            if name == b"VMCOREINFO":
                return area[desc_at:desc_at + descsz].rstrip(b"\0")
            at = desc_at + ((descsz + 3) & ~3)
    raise SystemExit(f"fuzz-seeds: {path} has no VMCOREINFO note")


def note(name, type_, desc):
    n = name.encode() + b"\0"
    return struct.pack("<III", len(n), len(desc), type_) + n.ljust((len(n) + 3) & ~3, b"\0") + desc.ljust((len(desc) + 3) & ~3, b"\0")


def kexec_jump_seeds():
    """Input of the kexec-jump harness: u16 note length, notes, memory at 16 MiB (KexecJumpHarness)."""
    base = 0x1000000
    page = 4096
    seeds = {}
    # Pages 0-4 (control page, entry pages, source pages) lie below the running kernel's RAM
    # in the harness (ImageChecks: from 0x1005000), the destinations 5 and 6 in it, as A's
    # pages in B's range and the source pages kexec put them in elsewhere.
    for name, pages in (("jump-one-entry-page", 7), ("jump-two-entry-pages", 7)):
        memory = bytearray(pages * page)
        # Page 0: A's control page; its quadword at 0x830 heads the list (relocate_kernel_64.S).
        struct.pack_into("<Q", memory, 0x830, (base + page) | 0x2)  # IND_INDIRECTION
        if name == "jump-one-entry-page":
            # IND_DESTINATION 5, IND_SOURCE 3 and 4 (destinations 5 and 6), IND_DONE
            words = [(base + 5 * page) | 0x1, (base + 3 * page) | 0x8, (base + 4 * page) | 0x8, 0x4]
        else:
            # the same, continued on entry page 2 (IND_INDIRECTION)
            words = [(base + 5 * page) | 0x1, (base + 3 * page) | 0x8, (base + 2 * page) | 0x2]
            struct.pack_into("<QQ", memory, 2 * page, (base + 4 * page) | 0x8, 0x4)
        for i, w in enumerate(words):
            struct.pack_into("<Q", memory, page + 8 * i, w)
        memory[3 * page:3 * page + 16] = b"kernel A's page\0"
        memory[4 * page:4 * page + 16] = b"kernel A's next\0"
        notes = note("KEXEC_JUMP", 1, struct.pack("<Q", base + 0xf2)) + note("KEXEC_JUMP", 2, struct.pack("<i", 17))
        seeds[name] = struct.pack("<H", len(notes)) + notes + bytes(memory)
    return seeds


def bzimage_seed(path):
    head = bytearray(read_head(path, 1 << 16))
    setup_sects = head[0x1f1] or 4
    setup = (setup_sects + 1) * 512
    payload = 16 << 10
    seed = head[:setup + payload]
    struct.pack_into("<I", seed, 0x1f4, payload // 16)  # syssize: 16-byte units of the payload kept
    # init_size (boot protocol 2.10+): 1 MiB instead of the real kernel's tens of MiB, which
    # kexec would hash as zeros for the purgatory on every run of the harness.
    struct.pack_into("<I", seed, 0x260, 1 << 20)
    return bytes(seed)


def numbers_seeds(repo):
    data = os.path.join(repo, "tests", "Kexec.Tests", "Data")
    seeds = {}
    for guest in sorted(os.listdir(data)):
        iomem = os.path.join(data, guest, "proc", "iomem")
        cmdline = os.path.join(data, guest, "proc", "cmdline")
        if os.path.isfile(iomem):
            seeds[f"iomem-{guest}"] = open(iomem, "rb").read()[:8192]
        if os.path.isfile(cmdline):
            seeds[f"cmdline-{guest}"] = open(cmdline, "rb").read()[:4096]
    seeds["options"] = b"0x1000000\n0x3ffffff\n1000000-3ffffff,40000000-7fffffff\n0x41000f2\n16M\n0777\n"
    return seeds


def write(out, harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    out, makedumpfile, vmcores, kernels = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4].split(",")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for vmcore in vmcores:
        tag = os.path.basename(vmcore).replace(".elf", "")
        core = cut_elf(vmcore, keep_load=4 * 4096, max_loads=3)
        write(out, "elf-core", tag + ".elf", core)
        write(out, "vmcoreinfo", tag + ".txt", vmcoreinfo_text(vmcore))
        cut = os.path.join(out, "work", tag + ".elf")
        os.makedirs(os.path.dirname(cut), exist_ok=True)
        with open(cut, "wb") as f:
            f.write(core)
        for flag in ("-c", "-l", "-p", "-z"):
            target = os.path.join(out, "kdump", f"{tag}{flag}.kdump")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            subprocess.run(["dotnet", makedumpfile, flag, "-d", "0", "-f", "--message-level", "0", cut, target], check=True)
        for flag in ("-l", "-E"):
            target = os.path.join(out, "digests", f"{tag}{flag}.dump")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            subprocess.run(["dotnet", makedumpfile, flag, "-d", "0", "-f", "--message-level", "0", cut, target], check=True)
        with open(os.path.join(out, "work", tag + ".flat"), "wb") as flat:
            subprocess.run(["dotnet", makedumpfile, "-F", "-l", "-d", "0", "--message-level", "0", cut], stdout=flat, check=True)
        write(out, "flattened", tag + ".flat", open(os.path.join(out, "work", tag + ".flat"), "rb").read())
    for kernel in kernels:
        tag = os.path.basename(kernel.rstrip("/"))
        write(out, "bzimage", tag + ".bzImage", bzimage_seed(os.path.join(kernel, "bzImage")))
        write(out, "vmlinux", tag + ".vmlinux", cut_elf(os.path.join(kernel, "vmlinux"), keep_load=256, max_loads=8))
    for name, data in kexec_jump_seeds().items():
        write(out, "kexec-jump", name, data)
    for name, data in numbers_seeds(repo).items():
        write(out, "numbers", name, data)
    # A small linked program with the kernel's structures and DWARF 5, for the vmlinux reader.
    binary = os.path.join(out, "work", "kernel-like")
    os.makedirs(os.path.dirname(binary), exist_ok=True)
    subprocess.run(["gcc", "-gdwarf-5", "-O0", "-fno-pie", "-no-pie", "-o", binary,
                    os.path.join(repo, "tests", "MakeDumpFile.Tests", "Debuginfo", "kernel-like.c")], check=True)
    write(out, "debuginfo", "kernel-like-dwarf5.elf", open(binary, "rb").read())


if __name__ == "__main__":
    main()
