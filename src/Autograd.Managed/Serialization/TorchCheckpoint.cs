using System.IO.Compression;
using System.Text;

namespace Autograd.Serialization;

/// <summary>
/// PyTorch's checkpoint format (what <c>torch.save</c> writes since 1.6): a zip archive whose one folder
/// holds <c>data.pkl</c> (the pickled object, each tensor's storage a persistent id), one uncompressed
/// record <c>data/&lt;key&gt;</c> per storage, <c>byteorder</c> and <c>version</c>. Tensors sharing a
/// storage share it again after loading. Loads are all or nothing: every tensor is read and checked
/// before anything is returned.
/// </summary>
internal static class TorchCheckpoint
{
    private const string Folder = "archive";

    private static readonly HashSet<string> s_globals =
    [
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_parameter",
        "torch.FloatStorage", "torch.DoubleStorage", "torch.LongStorage", "torch.BoolStorage", "torch.HalfStorage",
        "torch.BFloat16Storage", "torch.CharStorage", "torch.ShortStorage", "torch.IntStorage", "torch.ByteStorage",
        "torch.UInt16Storage", "torch.UInt32Storage", "torch.UInt64Storage",
    ];

    internal static void Save(object value, Stream stream)
    {
        var storages = new List<(Tensor Tensor, string Key)>();
        var keys = new Dictionary<(Storage, ScalarType), string>();
        (string, long) StorageOf(Tensor t)
        {
            if (!keys.TryGetValue((t._storage, t._dtype), out string? key))
            {
                keys[(t._storage, t._dtype)] = key = keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                storages.Add((t, key));
            }
            return (key, t._storage.ByteLength / t.ElementSize);
        }
        byte[] pickle = new Pickler(StorageOf).Dump(value);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, "data.pkl", pickle);
        Write(zip, "byteorder", Encoding.ASCII.GetBytes("little"));
        foreach (var (t, key) in storages)
        {
            long elements = t._storage.ByteLength / t.ElementSize;
            Tensor whole = new(t._storage, [elements], [1], 0, t._dtype);
            Write(zip, $"data/{key}", s => TensorBytes.Write(whole, s));
        }
        Write(zip, "version", Encoding.ASCII.GetBytes("3\n"));
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes) => Write(zip, name, s => s.Write(bytes));

    private static void Write(ZipArchive zip, string name, Action<Stream> write)
    {
        using Stream s = zip.CreateEntry($"{Folder}/{name}", CompressionLevel.NoCompression).Open();
        write(s);
    }

    internal static object Load(Stream stream, string file)
    {
        try { return LoadArchive(stream, file); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException
                                  && !e.Message.StartsWith(file, StringComparison.Ordinal))
        {
            // the zip reader's own errors (a damaged directory or entry header) name no file
            throw new InvalidDataException($"{file}: not a PyTorch checkpoint (a zip archive written by torch.save): {e.Message}", e);
        }
    }

    private static object LoadArchive(Stream stream, string file)
    {
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            ZipArchiveEntry[] pickles =
                [.. zip.Entries.Where(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal)
                                      && e.FullName.Count(c => c == '/') == 1)];
            if (pickles.Length != 1)
                throw new InvalidDataException(
                    $"{file}: a PyTorch checkpoint holds one '<folder>/data.pkl'; this archive holds {pickles.Length}.");
            string prefix = pickles[0].FullName[..^"data.pkl".Length];
            var records = zip.Entries.Where(e => e.FullName.StartsWith(prefix + "data/", StringComparison.Ordinal))
                                     .ToDictionary(e => e.FullName[(prefix.Length + 5)..]);
            var loaded = new Dictionary<string, (Tensor Storage, FileDtype Dtype)>();
            object Persistent(PyTuple id) => LoadStorage(id, records, loaded, file);
            object? result = new Unpickler(ReadAll(pickles[0], file), file, s_globals, Persistent, (f, a) => Call(f, a, file)).Load();
            return Result(result, file);
        }
    }

    private static byte[] ReadAll(ZipArchiveEntry entry, string file)
    {
        if (entry.Length > int.MaxValue)
            throw new InvalidDataException($"{file}: record {entry.FullName} of {entry.Length} bytes is larger than one read allows.");
        var bytes = new byte[entry.Length];
        using Stream s = entry.Open();
        try { s.ReadExactly(bytes); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{file}: record {entry.FullName} is truncated."); }
        return bytes;
    }

    // ('storage', torch.<Type>Storage, key, location, numel)
    private static Tensor LoadStorage(PyTuple id, Dictionary<string, ZipArchiveEntry> records,
                                      Dictionary<string, (Tensor, FileDtype)> loaded, string file)
    {
        if (id.Items is not ["storage", PyGlobal type, string key, string location, long numel])
            throw new InvalidDataException($"{file}: a persistent id that is not a tensor storage");
        FileDtype dtype = FileDtype.FromStorageName(type.Name)
            ?? throw new InvalidDataException($"{file}: storage type {type} is not supported by Autograd.Native");
        if (!location.StartsWith("cpu", StringComparison.Ordinal) && !location.StartsWith("cuda", StringComparison.Ordinal))
            throw new InvalidDataException($"{file}: storage {key} is on device '{location}', which Autograd.Native cannot map to the CPU");
        if (loaded.TryGetValue(key, out var seen))
        {
            if (seen.Item2 != dtype)
                throw new InvalidDataException($"{file}: storage {key} is read both as {seen.Item2.Name} and {dtype.Name}");
            return seen.Item1;
        }
        if (numel < 0) throw new InvalidDataException($"{file}: storage {key} has a negative element count {numel}");
        if (!records.TryGetValue(key, out ZipArchiveEntry? entry))
            throw new InvalidDataException($"{file}: the record data/{key} for a storage is missing");
        long needed = checked(numel * dtype.Size);
        if (entry.Length < needed)
            throw new InvalidDataException(
                $"{file}: data/{key}: {numel} elements of {dtype.Name} need {needed} bytes, but the file holds {entry.Length}.");
        Tensor storage;
        using (Stream s = entry.Open()) storage = TensorBytes.Read(dtype, s, numel, () => $"{file}: data/{key}");
        loaded[key] = (storage, dtype);
        return storage;
    }

    private static object? Call(PyGlobal f, object?[] args, string file)
    {
        switch (f.ToString())
        {
            case "collections.OrderedDict" when args is [] or [PyTuple { Items: [] }] or [List<object?> { Count: 0 }]:
                return new PyDict();
            case "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor"
                when args is [Tensor storage, long offset, PyTuple size, PyTuple stride, ..]:
                Tensor t = TensorBytes.View(storage, offset, Longs(size, file), Longs(stride, file), () => file);
                if (f.Name == "_rebuild_tensor_v2" && args.Length > 4 && args[4] is true) t.requires_grad_();
                return t;
            case "torch._utils._rebuild_parameter" when args is [Tensor data, bool requiresGrad, ..]:
                return requiresGrad ? data.requires_grad_() : data;
            case ".__setstate__" when args is [PyDict d, PyDict]:
                return d; // an OrderedDict's attributes (a state_dict's _metadata): nothing a tensor needs
            default:
                throw new InvalidDataException($"{file}: {f}({args.Length} arguments) is not a call a tensor checkpoint makes");
        }
    }

    private static long[] Longs(PyTuple t, string file) =>
        [.. t.Items.Select(v => v is long l ? l
                           : throw new InvalidDataException($"{file}: a tensor size or stride that is not an integer"))];

    /// <summary>The loaded object in .NET types: a tensor; a string-keyed dict of tensors (a state_dict, also empty)
    /// as <c>Dictionary&lt;string, Tensor&gt;</c>; a list of tensors as <c>List&lt;Tensor&gt;</c> (at the top, also
    /// empty); any other dict as <c>Dictionary&lt;string, object?&gt;</c> or, with integer keys,
    /// <c>Dictionary&lt;long, object?&gt;</c>; a list of integers as <c>List&lt;long&gt;</c>, other lists as
    /// <c>List&lt;object?&gt;</c>; a tuple as <c>object?[]</c>; numbers as long or double.</summary>
    private static object Result(object? value, string file) => ToDotNet(value, file, top: true) ?? throw Unsupported(file);

    private static object? ToDotNet(object? value, string file, bool top = false) => value switch
    {
        PyDict d when d.Items.Keys.All(k => k is string) && d.Items.Values.All(v => v is Tensor) =>
            d.Items.ToDictionary(kv => (string)kv.Key, kv => (Tensor)kv.Value!),
        PyDict d when d.Items.Keys.All(k => k is string) => d.Items.ToDictionary(kv => (string)kv.Key, kv => ToDotNet(kv.Value, file)),
        PyDict d when d.Items.Keys.All(k => k is long) => d.Items.ToDictionary(kv => (long)kv.Key, kv => ToDotNet(kv.Value, file)),
        PyDict => throw new InvalidDataException($"{file}: a dict whose keys are neither all strings nor all integers"),
        List<object?> list when list.Count > 0 && list.All(v => v is long) => list.Cast<long>().ToList(),
        List<object?> list when list.All(v => v is Tensor) && (top || list.Count > 0) => list.Cast<Tensor>().ToList(),
        List<object?> list => list.Select(v => ToDotNet(v, file)).ToList(),
        PyTuple t => t.Items.Select(v => ToDotNet(v, file)).ToArray(),
        Tensor or long or double or bool or string or null => value,
        _ => throw Unsupported(file),
    };

    private static InvalidDataException Unsupported(string file) =>
        new($"{file}: torch.load reads tensors, numbers, bools, strings, None and lists, tuples and dicts of them; this " +
            $"checkpoint holds something else.");
}
