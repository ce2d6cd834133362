using System.Buffers.Binary;
using System.Text;

namespace Autograd.Serialization;

/// <summary>Writes the pickle (protocol 2, as <c>torch.save</c> does) of a tensor, a state_dict (an OrderedDict),
/// or nested dicts, lists and tuples of tensors, numbers, bools, strings and None (an optimizer's state_dict, a
/// checkpoint dict), with each tensor's storage as a persistent id that <see cref="TorchCheckpoint"/> stores as
/// a record of its own.</summary>
internal sealed class Pickler
{
    private readonly MemoryStream _out = new();
    private readonly Func<Tensor, (string Key, long Numel)> _storageOf;

    /// <param name="storageOf">The record key and element count of a tensor's storage.</param>
    internal Pickler(Func<Tensor, (string, long)> storageOf) => _storageOf = storageOf;

    internal byte[] Dump(object value)
    {
        _out.Write([0x80, 2]); // PROTO 2
        Write(value);
        _out.WriteByte((byte)'.');
        return _out.ToArray();
    }

    private void Write(object? value)
    {
        switch (value)
        {
            case null: _out.WriteByte((byte)'N'); break;
            case bool b: _out.WriteByte(b ? (byte)0x88 : (byte)0x89); break;
            case long or int or short or sbyte or byte or ushort or uint: WriteInt(Convert.ToInt64(value)); break;
            case double or float: WriteFloat(Convert.ToDouble(value)); break;
            case string str: WriteString(str); break;
            case Tensor t: WriteTensor(t); break;
            case IEnumerable<KeyValuePair<string, Tensor>> stateDict:
                EmptyOrderedDict(); // a state_dict is an OrderedDict in PyTorch
                WriteItems(stateDict.Select(kv =>
                        new KeyValuePair<object, object?>(kv.Key, kv.Value ?? throw new ArgumentNullException(kv.Key))));
                break;
            case System.Collections.IDictionary dict:
                _out.WriteByte((byte)'}'); // EMPTY_DICT: a plain dict, as an optimizer's state_dict and its state are
                WriteItems(dict.Keys.Cast<object>().Select(k => new KeyValuePair<object, object?>(k, dict[k])));
                break;
            case ValueTuple<double, double> pair: WriteTuple([pair.Item1, pair.Item2]); break;
            case object?[] tuple when value.GetType() == typeof(object[]): WriteTuple(tuple); break;
            case System.Collections.IEnumerable list:
                _out.WriteByte((byte)']'); // EMPTY_LIST
                _out.WriteByte((byte)'(');
                foreach (object? item in list) Write(item);
                _out.WriteByte((byte)'e'); // APPENDS
                break;
            default:
                throw new ArgumentException(
                    $"torch.save writes tensors, numbers, bools, strings, None and lists, tuples and dicts of them, not " +
                    $"{value.GetType().Name}.");
        }
    }

    private void WriteItems(IEnumerable<KeyValuePair<object, object?>> items)
    {
        bool any = false;
        foreach (var (key, v) in items)
        {
            if (key is not (string or long or int))
                throw new ArgumentException($"torch.save writes dict keys that are strings or integers, not {key.GetType().Name}.");
            if (!any) { _out.WriteByte((byte)'('); any = true; } // MARK
            Write(key);
            Write(v);
        }
        if (any) _out.WriteByte((byte)'u'); // SETITEMS
    }

    private void WriteTuple(object?[] items)
    {
        _out.WriteByte((byte)'(');
        foreach (object? item in items) Write(item);
        _out.WriteByte((byte)'t');
    }

    private void WriteFloat(double v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, v);
        _out.WriteByte((byte)'G'); // BINFLOAT
        _out.Write(b);
    }

    // torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
    private void WriteTensor(Tensor t)
    {
        WriteGlobal("torch._utils", "_rebuild_tensor_v2");
        _out.WriteByte((byte)'(');
        (string key, long numel) = _storageOf(t);
        _out.WriteByte((byte)'(');
        WriteString("storage");
        WriteGlobal("torch", FileDtype.Of(t.dtype).StorageName);
        WriteString(key);
        WriteString("cpu");
        WriteInt(numel);
        _out.WriteByte((byte)'t');
        _out.WriteByte((byte)'Q'); // BINPERSID
        WriteInt(t._offset);
        WriteInts(t._shape);
        WriteInts(t._strides);
        Write(t.requires_grad);
        EmptyOrderedDict();
        _out.WriteByte((byte)'t');
        _out.WriteByte((byte)'R'); // REDUCE
    }

    private void EmptyOrderedDict()
    {
        WriteGlobal("collections", "OrderedDict");
        _out.WriteByte((byte)')');
        _out.WriteByte((byte)'R');
    }

    private void WriteInts(long[] values)
    {
        _out.WriteByte((byte)'(');
        foreach (long v in values) WriteInt(v);
        _out.WriteByte((byte)'t');
    }

    private void WriteInt(long v)
    {
        Span<byte> b = stackalloc byte[9];
        if (v is >= 0 and < 256) { _out.WriteByte((byte)'K'); _out.WriteByte((byte)v); }
        else if (v is >= 0 and
                 < 65536) { _out.WriteByte((byte)'M'); BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); _out.Write(b[..2]); }
        else if (v is >= int.MinValue and
                 <= int.MaxValue) { _out.WriteByte((byte)'J'); BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); _out.Write(b[..4]); }
        else { _out.WriteByte(0x8a); _out.WriteByte(8); BinaryPrimitives.WriteInt64LittleEndian(b, v); _out.Write(b[..8]); } // LONG1
    }

    private void WriteString(string s)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(s);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(len, utf8.Length);
        _out.WriteByte((byte)'X'); // BINUNICODE
        _out.Write(len);
        _out.Write(utf8);
    }

    private void WriteGlobal(string module, string name) => _out.Write(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));
}
