using Autograd.Serialization;

namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        public partial class Module
        {
            /// <summary>Writes the module's state_dict in TorchSharp's weights format, which TorchSharp's
            /// <c>Module.load</c> reads; <paramref name="skip"/> names entries to leave out. The file is replaced only
            /// once complete.</summary>
            public Module save(string location, IList<string>? skip = null)
            {
                WriteAtomically(location, s => save(s, skip));
                return this;
            }

            /// <summary>Writes the module's state_dict to a stream in TorchSharp's weights format.</summary>
            public Module save(Stream stream, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(stream);
                TorchSharpFormat.Save([.. state_dict().Where(kv => skip is null || !skip.Contains(kv.Key))], stream);
                return this;
            }

            /// <summary>Loads weights saved by <see cref="save(string, IList{string}?)"/> or by TorchSharp's
            /// <c>Module.save</c>. All or nothing: the whole file is read and checked (with <paramref name="strict"/>,
            /// the same names as the module's state_dict; always, each tensor's shape) before any parameter changes.</summary>
            /// <param name="location">The file.</param>
            /// <param name="strict">Require exactly the module's entries.</param>
            /// <param name="skip">Entries not to load.</param>
            /// <param name="loadedParameters">Filled with each entry of the file and whether the module has it.</param>
            /// <exception cref="InvalidDataException">A damaged file (naming it and the entry).</exception>
            /// <exception cref="ArgumentException">Names, dtypes or shapes that do not match the module
            /// (TorchSharp's messages).</exception>
            public virtual Module load(string location, bool strict = true, IList<string>? skip = null,
                                       Dictionary<string, bool>? loadedParameters = null)
            {
                using FileStream s = File.OpenRead(location);
                return Load(s, location, strict, skip, loadedParameters);
            }

            /// <summary>Loads weights in TorchSharp's format from a stream; see
            /// <see cref="load(string, bool, IList{string}?, Dictionary{string, bool}?)"/>.</summary>
            public Module load(Stream stream, bool strict = true, IList<string>? skip = null,
                               Dictionary<string, bool>? loadedParameters = null) =>
                Load(stream, "<stream>", strict, skip, loadedParameters);

            private Module Load(Stream stream, string file, bool strict, IList<string>? skip, Dictionary<string, bool>? loaded)
            {
                skip ??= [];
                List<KeyValuePair<string, Tensor>> entries = TorchSharpFormat.Load(stream, file);
                Dictionary<string, Tensor> sd = state_dict();
                if (strict && entries.Count != sd.Count)
                    throw new ArgumentException($"Mismatched state_dict sizes: expected {sd.Count}, but found {entries.Count} entries.");
                var source = new Dictionary<string, Tensor>();
                foreach (var (key, t) in entries)
                {
                    bool found = sd.TryGetValue(key, out Tensor? target);
                    if (!found && strict)
                        throw new ArgumentException(
                            $"Mismatched module state names: the target modules does not have a submodule or buffer named '{key}'");
                    if (!found || skip.Contains(key)) continue;
                    if (t.dtype != target!.dtype)
                        throw new ArgumentException(
                            "Mismatched tensor data types while loading. Make sure that the model you are loading into is " +
                            "exactly the same as the origin.");
                    if (!t.shape.SequenceEqual(target.shape))
                        throw new ArgumentException(
                            "Mismatched tensor shape while loading. Make sure that the model you are loading into is exactly the " +
                            "same as the origin.");
                    source[key] = t;
                }
                load_state_dict(source, strict: false);
                if (loaded is not null) foreach (var (key, _) in entries) loaded[key] = sd.ContainsKey(key);
                return this;
            }
        }
    }
}
