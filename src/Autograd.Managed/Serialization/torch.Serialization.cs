using Autograd.Serialization;

namespace Autograd;

public static partial class torch
{
    /// <summary>Writes <paramref name="t"/> to <paramref name="f"/> in PyTorch's checkpoint format (the zip
    /// archive <c>torch.save</c> writes), which PyTorch's <c>torch.load</c> reads. The file is replaced only
    /// once the whole checkpoint is written.</summary>
    public static void save(Tensor t, string f) => SaveFile(t, f);
    /// <summary>Writes a list of tensors in PyTorch's checkpoint format (a Python list on loading in PyTorch).</summary>
    public static void save(IList<Tensor> tensors, string f) => SaveFile(tensors, f);
    /// <summary>Writes a state_dict (name → tensor, in the dictionary's order) in PyTorch's checkpoint format
    /// (an OrderedDict on loading in PyTorch, ready for <c>load_state_dict</c>).</summary>
    public static void save(IDictionary<string, Tensor> state_dict, string f) => SaveFile(state_dict, f);
    /// <summary>Writes a dict of tensors, numbers, bools, strings, null and nested lists, tuples (<c>object?[]</c>,
    /// <c>(double, double)</c>) and dicts (string or integer keys) of them in PyTorch's checkpoint format: an
    /// optimizer's <c>state_dict()</c>, or a whole training checkpoint such as
    /// <c>{ "model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3L }</c>.</summary>
    public static void save(IDictionary<string, object> obj, string f) => SaveFile(obj, f);
    /// <summary>Writes <paramref name="t"/> to a stream in PyTorch's checkpoint format.</summary>
    public static void save(Tensor t, Stream f) => TorchCheckpoint.Save(t, f);
    /// <summary>Writes a list of tensors to a stream in PyTorch's checkpoint format.</summary>
    public static void save(IList<Tensor> tensors, Stream f) => TorchCheckpoint.Save(tensors, f);
    /// <summary>Writes a state_dict to a stream in PyTorch's checkpoint format.</summary>
    public static void save(IDictionary<string, Tensor> state_dict, Stream f) => TorchCheckpoint.Save(state_dict, f);
    /// <summary>Writes a dict of tensors and plain values to a stream; see
    /// <see cref="save(IDictionary{string, object}, string)"/>.</summary>
    public static void save(IDictionary<string, object> obj, Stream f) => TorchCheckpoint.Save(obj, f);

    /// <summary>
    /// Reads a checkpoint written by PyTorch's <c>torch.save</c> (or ours): a <see cref="Tensor"/>, a
    /// <c>List&lt;Tensor&gt;</c>, a state_dict as <c>Dictionary&lt;string, Tensor&gt;</c> in the file's order, or
    /// nested plain values: other dicts as <c>Dictionary&lt;string, object?&gt;</c> (integer keys:
    /// <c>Dictionary&lt;long, object?&gt;</c>), lists of integers as <c>List&lt;long&gt;</c>, other lists as
    /// <c>List&lt;object?&gt;</c>, tuples as <c>object?[]</c>, numbers as long or double. An optimizer's state
    /// loads back with <c>opt.load_state_dict((Dictionary&lt;string, object&gt;)torch.load(path))</c>.
    /// Only what a tensor checkpoint contains is read (the pickle's allowed opcodes and globals): a file that
    /// asks to construct anything else is refused, so loading never runs code. Tensors of dtypes the library
    /// does not compute in are widened where exact (float16/bfloat16 to float32, smaller integers to int64),
    /// others are refused. Tensors that shared storage in the file share it again.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not such a checkpoint, is damaged, or holds something
    /// else; the message names the file and the record.</exception>
    public static object load(string f)
    {
        using FileStream s = File.OpenRead(f);
        return TorchCheckpoint.Load(s, f);
    }

    /// <summary>Reads a checkpoint from a seekable stream; see <see cref="load(string)"/>.</summary>
    public static object load(Stream f) => TorchCheckpoint.Load(f, "<stream>");

    /// <summary>Writes the file through a temporary sibling, so a failed save never leaves a partial file.</summary>
    internal static void WriteAtomically(string path, Action<Stream> write)
    {
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (FileStream s = File.Create(temp)) write(s);
            File.Move(temp, path, overwrite: true);
        }
        finally { if (File.Exists(temp)) File.Delete(temp); }
    }

    private static void SaveFile(object value, string f)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteAtomically(f, s => TorchCheckpoint.Save(value, s));
    }

    /// <summary>The safetensors format (Hugging Face's <c>safetensors.torch</c>): a JSON header and raw
    /// little-endian tensor bytes, no code in the file by design.</summary>
    public static class safetensors
    {
        /// <summary>Writes <paramref name="tensors"/> (contiguous copies, sorted by name) and optional string
        /// <paramref name="metadata"/> to <paramref name="filename"/>; the file is replaced only once complete.</summary>
        /// <exception cref="ArgumentException">A tensor named <c>__metadata__</c>.</exception>
        public static void save_file(IDictionary<string, Tensor> tensors, string filename, IDictionary<string, string>? metadata = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            WriteAtomically(filename, s => Serialization.Safetensors.Save(tensors, metadata, s));
        }

        /// <summary>The file's bytes for <paramref name="tensors"/> (see <see cref="save_file"/>).</summary>
        public static byte[] save(IDictionary<string, Tensor> tensors, IDictionary<string, string>? metadata = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            using var s = new MemoryStream();
            Serialization.Safetensors.Save(tensors, metadata, s);
            return s.ToArray();
        }

        /// <summary>Every tensor of a safetensors file, in the header's order. The file is memory-mapped
        /// read-only: the header is validated against the file's length before any tensor is read (offsets
        /// inside the buffer, sizes matching shapes, no gaps or overlaps), then each tensor is copied from the
        /// mapping into its storage (no buffer of the whole file; a tensor may exceed 2 GB). Dtypes are mapped
        /// as in <see cref="torch.load(string)"/>.</summary>
        /// <exception cref="InvalidDataException">A damaged or unsupported file; the message names the file and tensor.</exception>
        public static Dictionary<string, Tensor> load_file(string filename)
        {
            ArgumentNullException.ThrowIfNull(filename);
            return Serialization.Safetensors.LoadMapped(filename);
        }

        /// <summary>The tensors of a safetensors image in memory.</summary>
        public static Dictionary<string, Tensor> load(byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            using var s = new MemoryStream(data, writable: false);
            return Serialization.Safetensors.Load(s, data.Length, "<bytes>").Tensors;
        }

        /// <summary>The <c>__metadata__</c> string map of a safetensors file (empty if it has none).</summary>
        public static Dictionary<string, string> load_metadata(string filename)
        {
            using FileStream s = File.OpenRead(filename);
            return Serialization.Safetensors.Load(s, s.Length, filename).Metadata;
        }
    }
}
