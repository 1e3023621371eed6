using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Common.Platform
{
    /// <summary>
    /// Taking a network interface down as kexec-tools' ifdown() does before kexec -e: clear IFF_UP
    /// with SIOCSIFFLAGS on an AF_INET datagram socket (netdevice(7)).
    /// </summary>
    public static class NetworkInterface
    {
        private const int AfInet = 2;
        private const int SockDgram = 2;
        // include/uapi/linux/sockios.h
        private const uint SiocGetFlags = 0x8913;
        private const uint SiocSetFlags = 0x8914;
        private const short IffUp = 0x1;
        // struct ifreq: char ifr_name[IFNAMSIZ = 16], then a union whose largest member
        // (struct ifmap) makes the whole 40 bytes on x86_64 and 32 on i386; ifr_flags is a short at 16.
        private const int NameSize = 16;
        private const int RequestSize = 40;

        /// <summary>Brings the interface down if it is up; returns false (with the errno) when an ioctl fails.</summary>
        public static unsafe bool BringDown(string name, out int errno)
        {
            errno = 0;
            byte[] nameBytes = Encoding.ASCII.GetBytes(name);
            if (nameBytes.Length >= NameSize) return true;
            int fd = NativeMethods.Socket(AfInet, SockDgram, 0);
            if (fd < 0)
            {
                errno = Marshal.GetLastWin32Error();
                return false;
            }
            try
            {
                byte* req = stackalloc byte[RequestSize];
                new Span<byte>(req, RequestSize).Clear();
                for (int i = 0; i < nameBytes.Length; i++) req[i] = nameBytes[i];
                if (NativeMethods.Ioctl(fd, (nuint)SiocGetFlags, req) < 0)
                {
                    errno = Marshal.GetLastWin32Error();
                    return false;
                }
                short flags = (short)(req[NameSize] | req[NameSize + 1] << 8);
                if ((flags & IffUp) == 0) return true;
                flags &= ~IffUp;
                req[NameSize] = (byte)flags;
                req[NameSize + 1] = (byte)(flags >> 8);
                if (NativeMethods.Ioctl(fd, (nuint)SiocSetFlags, req) < 0)
                {
                    errno = Marshal.GetLastWin32Error();
                    return false;
                }
                return true;
            }
            finally
            {
                NativeMethods.Close(fd);
            }
        }
    }
}
