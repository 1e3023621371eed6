"""Reads physical pages of a dump file with a reference reader and prints one hex line per page.

Usage: read_physical.py drgn|libkdumpfile FILE ADDR [ADDR...] (ADDR hex, page-aligned, 4096 bytes each).
Used by OutputDigestTests: the readers must open our files (trailer and all) and see the same bytes.
"""
import sys


def main():
    reader, path, addrs = sys.argv[1], sys.argv[2], [int(a, 16) for a in sys.argv[3:]]
    if reader == "drgn":
        import drgn
        prog = drgn.Program()
        prog.set_core_dump(path)
        read = lambda a: prog.read(a, 4096, True)
    else:
        import kdumpfile
        k = kdumpfile.kdumpfile(path)
        read = lambda a: k.read(kdumpfile.KDUMP_MACHPHYSADDR, a, 4096)
    for a in addrs:
        print(bytes(read(a)).hex())


main()
