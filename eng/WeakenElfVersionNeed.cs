// MSBuild inline task (see TorchSharpGlibcxx.targets for why): marks one symbol-version requirement
// of an ELF64 little-endian shared library as weak, when the system libstdc++ does not define it.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class AgnWeakenElfVersionNeed : Task
{
    [Required] public string LibraryPath { get; set; }
    [Required] public string VersionName { get; set; }

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
    };

    public override bool Execute()
    {
        string system = Array.Find(SystemLibstdcxx, File.Exists);
        if (system == null || Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(VersionName + "\0")))
            return true; // nothing to do: the loader will find the version (or this is not glibc/libstdc++)

        byte[] elf = File.ReadAllBytes(LibraryPath);
        int patched = Patch(elf);
        if (patched < 0)
        {
            Log.LogWarning($"{LibraryPath} is not an ELF64 little-endian file with a .gnu.version_r section; left as is.");
            return true;
        }
        if (patched == 0) return true; // already weak, or never required
        // Write a new file and swap it in, so the bytes of any hard-linked original stay untouched.
        string temp = LibraryPath + ".weak.tmp";
        File.WriteAllBytes(temp, elf);
        File.Delete(LibraryPath);
        File.Move(temp, LibraryPath);
        Log.LogMessage(MessageImportance.High, $"Marked {VersionName} weak in {LibraryPath} (system libstdc++ lacks it).");
        return true;
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named VersionName; returns how many changed,
    /// or -1 when the file is not a parsable ELF64 LE shared object.</summary>
    private int Patch(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
            return -1;
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            int changed = 0;
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (NameAt(elf, name) == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                            changed++;
                        }
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
            return changed;
        }
        return -1;
    }

    private static string NameAt(byte[] elf, long start)
    {
        long end = start;
        while (end < elf.Length && elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
