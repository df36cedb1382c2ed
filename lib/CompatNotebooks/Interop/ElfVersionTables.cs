using System.Buffers.Binary;
using System.Text;

namespace CompatNotebooks.Interop;

/// <summary>One version a shared library needs from another (an <c>Elf64_Vernaux</c> entry of <c>.gnu.version_r</c>).</summary>
/// <param name="File">The library the version is needed from, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">The entry's <c>vna_flags</c> (<see cref="ElfVersionTables.WeakFlag"/> = weak).</param>
/// <param name="FlagsOffset">File offset of the 2-byte <c>vna_flags</c> field.</param>
internal readonly record struct ElfVersionNeed(string File, string Name, ushort Flags, long FlagsOffset)
{
    /// <summary>True when the dynamic linker only warns (instead of failing) if the version is missing.</summary>
    public bool IsWeak => (Flags & ElfVersionTables.WeakFlag) != 0;
}

/// <summary>
/// Reads the symbol-versioning tables of a little-endian ELF64 shared library: the versions it defines
/// (<c>.gnu.version_d</c>) and the versions it needs from other libraries (<c>.gnu.version_r</c>).
/// Just enough ELF to decide whether a library will load against this system's libstdc++ and to mark
/// one needed version weak.
/// </summary>
internal sealed class ElfVersionTables
{
    /// <summary><c>VER_FLG_WEAK</c>: a missing version is not fatal.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    private ElfVersionTables(IReadOnlyList<string> definitions, IReadOnlyList<ElfVersionNeed> needs)
    {
        Definitions = definitions;
        Needs = needs;
    }

    /// <summary>Version names the library defines (its own soname entry included).</summary>
    public IReadOnlyList<string> Definitions { get; }

    /// <summary>Versions the library needs, in table order.</summary>
    public IReadOnlyList<ElfVersionNeed> Needs { get; }

    /// <summary>Reads the tables of the ELF file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed little-endian ELF64 file.</exception>
    public static ElfVersionTables Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses the tables from the whole file's bytes; <paramref name="source"/> names it in errors.</summary>
    public static ElfVersionTables Parse(ReadOnlySpan<byte> elf, string source)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{source}: not an ELF file (bad magic at byte 0).");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{source}: only little-endian ELF64 is supported (class {elf[4]}, data {elf[5]} at byte 4).");

        long sectionTable = (long)U64(elf, 0x28, source);
        int entrySize = U16(elf, 0x3a, source);
        int sectionCount = U16(elf, 0x3c, source);
        if (sectionCount == 0)
            throw new InvalidDataException($"{source}: no section headers (e_shnum = 0 at byte 0x3c).");
        if (entrySize < 64)
            throw new InvalidDataException($"{source}: section header size {entrySize} at byte 0x3a is smaller than 64.");

        var definitions = new List<string>();
        var needs = new List<ElfVersionNeed>();
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionTable + (long)s * entrySize;
            uint type = U32(elf, header + 4, source);
            if (type != ShtGnuVerdef && type != ShtGnuVerneed)
                continue;
            long offset = (long)U64(elf, header + 0x18, source);
            uint link = U32(elf, header + 0x28, source);
            uint entries = U32(elf, header + 0x2c, source);
            if (link >= sectionCount)
                throw new InvalidDataException($"{source}: section {s} links to missing section {link} (byte {header + 0x28}).");
            long stringsHeader = sectionTable + link * (long)entrySize;
            long strings = (long)U64(elf, stringsHeader + 0x18, source);
            long stringsSize = (long)U64(elf, stringsHeader + 0x20, source);
            var table = new StringTable(elf, strings, stringsSize, source);
            if (type == ShtGnuVerdef)
                ReadDefinitions(elf, offset, entries, table, definitions, source);
            else
                ReadNeeds(elf, offset, entries, table, needs, source);
        }
        return new ElfVersionTables(definitions, needs);
    }

    private static void ReadDefinitions(ReadOnlySpan<byte> elf, long offset, uint entries, StringTable names, List<string> into, string source)
    {
        // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
        long entry = offset;
        for (uint i = 0; i < entries; i++)
        {
            int auxCount = U16(elf, entry + 6, source);
            long aux = entry + U32(elf, entry + 12, source);
            // The first Verdaux names the version itself; later ones name its parents.
            if (auxCount > 0)
                into.Add(names.At(U32(elf, aux, source)));
            uint next = U32(elf, entry + 16, source);
            if (next == 0) break;
            entry += next;
        }
    }

    private static void ReadNeeds(ReadOnlySpan<byte> elf, long offset, uint entries, StringTable names, List<ElfVersionNeed> into, string source)
    {
        // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
        // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
        long entry = offset;
        for (uint i = 0; i < entries; i++)
        {
            int auxCount = U16(elf, entry + 2, source);
            string file = names.At(U32(elf, entry + 4, source));
            long aux = entry + U32(elf, entry + 8, source);
            for (int a = 0; a < auxCount; a++)
            {
                ushort flags = U16(elf, aux + 4, source);
                string name = names.At(U32(elf, aux + 8, source));
                into.Add(new ElfVersionNeed(file, name, flags, aux + 4));
                uint nextAux = U32(elf, aux + 12, source);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = U32(elf, entry + 12, source);
            if (next == 0) break;
            entry += next;
        }
    }

    private static ushort U16(ReadOnlySpan<byte> elf, long at, string source) =>
        BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, at, 2, source));

    private static uint U32(ReadOnlySpan<byte> elf, long at, string source) =>
        BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, at, 4, source));

    private static ulong U64(ReadOnlySpan<byte> elf, long at, string source) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Slice(elf, at, 8, source));

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> elf, long at, int length, string source)
    {
        if (at < 0 || at > elf.Length - length)
            throw new InvalidDataException($"{source}: truncated ELF file: {length} bytes wanted at byte {at}, file has {elf.Length}.");
        return elf.Slice((int)at, length);
    }

    /// <summary>A NUL-terminated string table section (<c>.dynstr</c>).</summary>
    private readonly ref struct StringTable(ReadOnlySpan<byte> elf, long offset, long size, string source)
    {
        private readonly ReadOnlySpan<byte> _elf = elf;

        public string At(uint index)
        {
            if (index >= size || offset + size > _elf.Length)
                throw new InvalidDataException($"{source}: string index {index} outside the string table at byte {offset} (size {size}).");
            var rest = _elf.Slice((int)(offset + index), (int)(size - index));
            int end = rest.IndexOf((byte)0);
            if (end < 0)
                throw new InvalidDataException($"{source}: unterminated string at byte {offset + index}.");
            return Encoding.ASCII.GetString(rest[..end]);
        }
    }
}
