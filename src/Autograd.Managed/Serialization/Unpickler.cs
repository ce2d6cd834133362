using System.Buffers.Binary;
using System.Text;

namespace Autograd.Serialization;

/// <summary>A Python global (<c>module.name</c>) named by a pickle; only names on the reader's allow-list exist.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A Python tuple.</summary>
internal sealed record PyTuple(object?[] Items);

/// <summary>A Python dict or OrderedDict (insertion order kept, as both keep it).</summary>
internal sealed class PyDict
{
    internal readonly OrderedDictionary<object, object?> Items = new();
}

/// <summary>
/// A pickle reader for what a tensor checkpoint holds and nothing more: the protocol 2–5 opcodes that
/// encode None, bools, ints, floats, strings, tuples, lists and dicts, memo access, persistent ids, and
/// calls (REDUCE / BUILD) of the globals the caller allows. Any other opcode or global is refused before
/// anything is constructed, so loading a file never runs code.
/// </summary>
internal sealed class Unpickler
{
    private static readonly object s_mark = new();

    private readonly byte[] _data;
    private readonly string _file;
    private readonly ISet<string> _globals;
    private readonly Func<PyTuple, object> _persistentLoad;
    private readonly Func<PyGlobal, object?[], object?> _call;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;

    /// <param name="data">The pickle.</param>
    /// <param name="file">Named in every error.</param>
    /// <param name="globals">Allowed <c>module.name</c> globals.</param>
    /// <param name="persistentLoad">Resolves a persistent id (a tuple).</param>
    /// <param name="call">Applies an allowed global to arguments (REDUCE), or to (object, state) for BUILD.</param>
    internal Unpickler(byte[] data, string file, ISet<string> globals, Func<PyTuple, object> persistentLoad,
                       Func<PyGlobal, object?[], object?> call) =>
        (_data, _file, _globals, _persistentLoad, _call) = (data, file, globals, persistentLoad, call);

    /// <summary>Reads the pickle to its STOP and returns the object it built.</summary>
    /// <exception cref="InvalidDataException">A malformed pickle, or an opcode or global outside the allow-list.</exception>
    internal object? Load()
    {
        try { return Run(); }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidCastException
                                       or OverflowException or KeyNotFoundException or DecoderFallbackException)
        {
            throw Bad($"malformed pickle ({e.GetType().Name} at byte {_pos})");
        }
    }

    private object? Run()
    {
        while (true)
        {
            byte op = _data[_pos++];
            switch (op)
            {
                case 0x80: _pos++; break;                                   // PROTO n
                case 0x95: _pos += 8; break;                                // FRAME length (framing only)
                case (byte)'.': return Pop();                               // STOP
                case (byte)'(': _stack.Add(s_mark); break;                  // MARK
                case (byte)'N': _stack.Add(null); break;                    // NONE
                case 0x88: _stack.Add(true); break;                         // NEWTRUE
                case 0x89: _stack.Add(false); break;                        // NEWFALSE
                case (byte)'K': _stack.Add((long)_data[_pos++]); break;     // BININT1
                case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;  // BININT
                case 0x8a: _stack.Add(ReadLong(_data[_pos++])); break;      // LONG1
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;          // BINFLOAT
                case (byte)'X': _stack.Add(Utf8(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // BINUNICODE
                case 0x8c: _stack.Add(Utf8(_data[_pos++])); break;          // SHORT_BINUNICODE
                case 0x8d: _stack.Add(Utf8(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))); break;      // BINUNICODE8
                case (byte)'T': _stack.Add(Latin1(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // BINSTRING
                case (byte)'U': _stack.Add(Latin1(_data[_pos++])); break;   // SHORT_BINSTRING
                case (byte)')': _stack.Add(new PyTuple([])); break;         // EMPTY_TUPLE
                case 0x85: _stack.Add(new PyTuple(PopN(1))); break;         // TUPLE1
                case 0x86: _stack.Add(new PyTuple(PopN(2))); break;         // TUPLE2
                case 0x87: _stack.Add(new PyTuple(PopN(3))); break;         // TUPLE3
                case (byte)'t': _stack.Add(new PyTuple(PopMark())); break;  // TUPLE
                case (byte)']': _stack.Add(new List<object?>()); break;     // EMPTY_LIST
                case (byte)'}': _stack.Add(new PyDict()); break;            // EMPTY_DICT
                case (byte)'a': { object? v = Pop(); Top<List<object?>>().Add(v); break; } // APPEND
                case (byte)'e': { object?[] vs = PopMark(); Top<List<object?>>().AddRange(vs); break; } // APPENDS
                case (byte)'s': { object? v = Pop(), k = Pop(); SetItem(Top<PyDict>(), k, v); break; } // SETITEM
                case (byte)'u': SetItems(); break;                          // SETITEMS
                case (byte)'q': _memo[_data[_pos++]] = Peek(); break;       // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;              // MEMOIZE
                case (byte)'h': _stack.Add(_memo[_data[_pos++]]); break;    // BINGET
                case (byte)'j': _stack.Add(_memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))]); break; // LONG_BINGET
                case (byte)'c': _stack.Add(Global(Line(), Line())); break;  // GLOBAL
                case 0x93: { string name = Pop<string>(), module = Pop<string>(); _stack.Add(Global(module, name)); break; } // STACK_GLOBAL
                case (byte)'Q': _stack.Add(_persistentLoad(Pop<PyTuple>())); break; // BINPERSID
                // REDUCE
                case (byte)'R': { PyTuple args = Pop<PyTuple>(); PyGlobal f = Pop<PyGlobal>(); _stack.Add(_call(f, args.Items)); break; }
                // BUILD
                case (byte)'b': { object? state = Pop(); object? obj = Pop(); _stack.Add(
                    _call(new PyGlobal("", "__setstate__"), [obj, state])); break; }
                default: throw Bad($"pickle opcode 0x{op:x2} at byte {_pos - 1} is not one a tensor checkpoint uses; refusing to load it");
            }
        }
    }

    private PyGlobal Global(string module, string name)
    {
        string full = $"{module}.{name}";
        if (!_globals.Contains(full))
            throw Bad($"the pickle names the global '{full}', which a tensor checkpoint does not use; refusing to load it");
        return new PyGlobal(module, name);
    }

    private void SetItems()
    {
        object?[] kv = PopMark();
        if (kv.Length % 2 != 0) throw Bad("SETITEMS with an odd number of items");
        PyDict d = Top<PyDict>();
        for (int i = 0; i < kv.Length; i += 2) SetItem(d, kv[i], kv[i + 1]);
    }

    private void SetItem(PyDict d, object? key, object? value) =>
        d.Items[key ?? throw Bad("a dict key is None")] = value;

    private ReadOnlySpan<byte> Take(int n)
    {
        ReadOnlySpan<byte> s = _data.AsSpan(_pos, n);
        _pos += n;
        return s;
    }

    private long ReadLong(int n)
    {
        if (n > 8) throw Bad($"an integer of {n} bytes does not fit int64");
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | _data[_pos + i];
        if (n is > 0 and < 8 && (_data[_pos + n - 1] & 0x80) != 0) v -= 1L << (8 * n); // sign-extend
        _pos += n;
        return v;
    }

    private string Utf8(ulong length) => Encoding.UTF8.GetString(Take(checked((int)length)));
    private string Latin1(ulong length) => Encoding.Latin1.GetString(Take(checked((int)length)));

    private string Line()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0) throw Bad("unterminated GLOBAL");
        string s = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return s;
    }

    private object? Pop()
    {
        if (_stack.Count == 0) throw Bad("stack underflow");
        object? v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (ReferenceEquals(v, s_mark)) throw Bad("unexpected MARK");
        return v;
    }

    private T Pop<T>() => Pop() is T t ? t : throw Bad($"expected a {typeof(T).Name} on the stack");
    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Bad("stack underflow");
    private T Top<T>() => Peek() is T t ? t : throw Bad($"expected a {typeof(T).Name} on the stack");

    private object?[] PopN(int n)
    {
        var items = new object?[n];
        for (int i = n - 1; i >= 0; i--) items[i] = Pop();
        return items;
    }

    private object?[] PopMark()
    {
        int mark = _stack.FindLastIndex(v => ReferenceEquals(v, s_mark));
        if (mark < 0) throw Bad("no MARK on the stack");
        object?[] items = [.. _stack.Skip(mark + 1)];
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private InvalidDataException Bad(string what) => new($"{_file}: {what}.");
}
