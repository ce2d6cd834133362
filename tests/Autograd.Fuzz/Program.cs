using System.Collections;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Autograd;
using Autograd.Fuzz;

// Usage: Autograd.Fuzz [--seed N] [--calls N] [--hang-seconds N] [--memory-mb N] [--list]
// --list prints the targets (the public members found by reflection, see Targets) and exits.
// --memory-mb (default 2048; 0: no limit) caps the process's private writable memory (RLIMIT_DATA, Linux),
// so a hostile size the machine could grant (arange(-2^31, -1): 16 GB) fails in the allocator instead of
// swapping a shared machine. Under ASan (whose shadow memory counts against that limit) the cap is
// ASan's own: run with ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=N.
// Prints "CALL i <call>" before each call (so a crash's last line names it), "BAD i ..." for each
// exception that is not an ordinary, PyTorch-worded one or that left an input modified, and
// "DONE calls=.. ok=.. threw=.. bad=.. targets=.." at the end. Exit code 0: no bad outcome; 1: some;
// 3: a call ran longer than --hang-seconds. A crash ends the process with a signal.
int seed = Arg("--seed", 1), calls = Arg("--calls", 3000), hangSeconds = Arg("--hang-seconds", 30);
MemoryLimit.Apply(Arg("--memory-mb", 2048));
MethodBase[] targets = Targets.All();
if (args.Contains("--list"))
{
    foreach (MethodBase m in targets) Console.WriteLine(Targets.Signature(m));
    return 0;
}
var rng = new Random(seed);
torch.manual_seed(seed); // the random ops' values replay too
var hostile = new Hostile(rng);
int ok = 0, threw = 0, bad = 0, skipped = 0;
var thrownTypes = new SortedDictionary<string, int>(StringComparer.Ordinal);
long callStarted = 0;
int current = -1;
var watchdog = new Thread(() =>
{
    while (true)
    {
        Thread.Sleep(500);
        long started = Volatile.Read(ref callStarted);
        if (started != 0 && Stopwatch.GetElapsedTime(started).TotalSeconds > hangSeconds)
        {
            Console.WriteLine($"HANG {Volatile.Read(ref current)}: the call ran for more than {hangSeconds} s");
            Environment.Exit(3);
        }
    }
}) { IsBackground = true };
watchdog.Start();

for (int i = 0; i < calls; i++)
{
    MethodBase target = targets[rng.Next(targets.Length)];
    Call call;
    try { call = Call.Make(target, hostile); }
    catch (Exception e) // no instance to call the method on (every constructor attempt threw)
    {
        Console.WriteLine($"SKIP {i} {Targets.Signature(target)}: {e.GetType().Name}");
        skipped++;
        continue;
    }
    Console.WriteLine($"CALL {i} {call}");
    Volatile.Write(ref current, i);
    Volatile.Write(ref callStarted, Stopwatch.GetTimestamp());
    (Exception? error, bool afterCall) = call.Run();
    Volatile.Write(ref callStarted, 0);
    if (error is null) { ok++; continue; }
    threw++;
    thrownTypes[error.GetType().Name] = thrownTypes.GetValueOrDefault(error.GetType().Name) + 1;
    // an error reading the result (its backward) comes after the call returned: inputs may have changed
    string? why = Outcome.Bad(error) ?? (afterCall ? null : call.ModifiedInput());
    if (why is null) continue;
    bad++;
    Console.WriteLine($"BAD {i} {call}: {why}");
}

Console.WriteLine($"THROWN {string.Join(", ", thrownTypes.Select(kv => $"{kv.Key}={kv.Value}"))}");
Console.WriteLine($"DONE calls={ok + threw} ok={ok} threw={threw} bad={bad} skipped={skipped} targets={targets.Length}");
return bad == 0 ? 0 : 1;

int Arg(string name, int fallback)
{
    int k = Array.IndexOf(args, name);
    return k >= 0 && k + 1 < args.Length ? int.Parse(args[k + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One generated call: its target, receiver and arguments, and snapshots of every tensor
/// handed in (a call that throws must leave them as they were).</summary>
internal sealed class Call
{
    private MethodBase _target = null!;
    private object? _receiver;
    private object?[] _args = [];
    private readonly List<(torch.Tensor Tensor, long[] Shape, long[] Bits)> _inputs = [];

    internal static Call Make(MethodBase target, Hostile h)
    {
        var call = new Call { _target = target };
        if (target is MethodInfo { IsGenericMethodDefinition: true } g)
            call._target = g.MakeGenericMethod(h.Pick([typeof(float), typeof(double), typeof(long), typeof(int), typeof(bool)]));
        var nullability = new NullabilityInfoContext();
        call._args = [.. call._target.GetParameters().Select(p =>
        {
            if (p.IsOptional && h.Chance(0.3)) return p.DefaultValue is DBNull ? Type.Missing : p.DefaultValue;
            bool nullable = !p.ParameterType.IsValueType && nullability.Create(p).ReadState == NullabilityState.Nullable;
            return h.TryValue(p.ParameterType, nullable, out object? v) ? v : throw new NotSupportedException(p.ParameterType.Name);
        })];
        if (!call._target.IsStatic && call._target is MethodInfo)
            call._receiver = call._target.DeclaringType == typeof(torch.Tensor) ? h.Tensor() : Construct(call._target.DeclaringType!, h);
        call.Snapshot(call._receiver);
        foreach (object? a in call._args) call.Snapshot(a);
        return call;
    }

    /// <summary>An instance of a non-tensor class (an optimizer, a module): from a public constructor of it
    /// or of a concrete subclass, or from a public static factory returning one (<c>torch.nn.ReLU()</c>).</summary>
    private static object Construct(Type t, Hostile h)
    {
        MethodBase[] makers = Makers(t);
        for (int attempt = 0; attempt < 8 && makers.Length > 0; attempt++)
        {
            MethodBase m = h.Pick(makers);
            object?[] a = [.. m.GetParameters().Select(p => h.TryValue(p.ParameterType, false, out object? v) ? v : null)];
            try
            {
                object? made = m is ConstructorInfo c ? c.Invoke(a) : m.Invoke(null, a);
                if (made is not null && t.IsInstanceOfType(made)) return made;
            }
            catch (TargetInvocationException) { } // the fuzzed call is the method, not this
            catch (ArgumentException) { } // a Type.Missing the reflection binder refused
        }
        throw new InvalidOperationException("no instance");
    }

    private static readonly Dictionary<Type, MethodBase[]> MakersOf = [];

    private static MethodBase[] Makers(Type t)
    {
        if (MakersOf.TryGetValue(t, out MethodBase[]? known)) return known;
        Type[] exported = typeof(torch).Assembly.GetExportedTypes();
        IEnumerable<MethodBase> ctors = exported.Where(x => !x.IsAbstract && !x.IsGenericTypeDefinition && t.IsAssignableFrom(x))
            .SelectMany(x => x.GetConstructors());
        IEnumerable<MethodBase> factories = exported.Where(x => !x.IsGenericTypeDefinition)
            .SelectMany(x => x.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsGenericMethodDefinition && !m.IsSpecialName && t.IsAssignableFrom(m.ReturnType) && m.ReturnType != typeof(object));
        return MakersOf[t] = [.. ctors.Concat(factories).Where(Hostile.Supports).OrderBy(Targets.Signature, StringComparer.Ordinal)];
    }

    private void Snapshot(object? value)
    {
        if (value is torch.Tensor t) _inputs.Add((t, t.shape, Bits(t)));
        else if (value is IEnumerable<torch.Tensor> ts) foreach (torch.Tensor x in ts) Snapshot(x);
    }

    private static long[] Bits(torch.Tensor t) =>
        t.numel() <= 1 << 16 ? Array.ConvertAll(t.detach().to(ScalarType.Float64).ToArray<double>(), BitConverter.DoubleToInt64Bits) : [];

    /// <summary>Runs the call and reads its result (every element of a small tensor; backward through a
    /// small one that requires grad), so a view past its storage or a corrupt result shows here. Returns
    /// the error, if any, and whether it came after the call had returned (from reading its result).</summary>
    internal (Exception? Error, bool AfterCall) Run()
    {
        object? result;
        try
        {
            result = _target is ConstructorInfo c ? c.Invoke(_args) : ((MethodInfo)_target).Invoke(_receiver, _args);
        }
        catch (TargetInvocationException e) { return (e.InnerException ?? e, false); }
        catch (Exception e) { return (e, false); }
        try
        {
            Consume(result, 0);
            return (null, false);
        }
        catch (Exception e) { return (e, true); }
    }

    private static void Consume(object? result, int depth)
    {
        switch (result)
        {
            case torch.Tensor t:
                if (t.numel() > 1 << 16) return;
                t.detach().to(ScalarType.Float64).ToArray<double>();
                if (t.requires_grad && t.numel() > 0 && t.is_floating_point()) t.sum().backward();
                return;
            case IDisposable d when depth == 0 && result is not torch.Tensor:
                d.Dispose(); // a grad-mode guard: restore the mode for the next call
                return;
            case ITuple tuple when depth < 2:
                for (int k = 0; k < tuple.Length; k++) Consume(tuple[k], depth + 1);
                return;
            case IEnumerable items when depth < 2 && result is not string:
                foreach (object? x in items) Consume(x, depth + 1);
                return;
        }
    }

    /// <summary>Null, or which input a throwing call modified.</summary>
    internal string? ModifiedInput()
    {
        foreach (var (t, shape, bits) in _inputs)
            if (!t.shape.SequenceEqual(shape) || !Bits(t).SequenceEqual(bits))
                return $"an input ({Describe(t)}) was modified before the call threw";
        return null;
    }

    public override string ToString()
    {
        string name = _target is ConstructorInfo ? $"new {Targets.Name(_target.DeclaringType!)}" : $"{Targets.Name(_target.DeclaringType!)}.{_target.Name}";
        string receiver = _receiver is null ? "" : $"{Describe(_receiver)}.";
        return $"{receiver}{name}({string.Join(", ", _args.Select(Describe))})";
    }

    private static string Describe(object? v) => v switch
    {
        null => "null",
        torch.Tensor t => $"tensor({t.dtype} {Shape(t.shape)} strides {Shape(t.stride())} offset {t.storage_offset()}{(t.requires_grad ? " requires_grad" : "")})",
        long[] a => Shape(a),
        int[] a => $"int{Shape(Array.ConvertAll(a, x => (long)x))}",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
        string s => $"\"{s}\"",
        Array a => $"[{string.Join(", ", a.Cast<object?>().Select(Describe))}]",
        _ when v == Type.Missing => "default",
        _ => v.ToString() ?? v.GetType().Name,
    };

    private static string Shape(long[] s) => $"[{string.Join(", ", s)}]";
}

/// <summary>Which exceptions are an ordinary answer to bad input.</summary>
internal static class Outcome
{
    private static readonly Type[] Ordinary =
    [
        typeof(ArgumentException), typeof(InvalidOperationException), typeof(IndexOutOfRangeException),
        typeof(NotSupportedException), typeof(NotImplementedException), typeof(DivideByZeroException),
        typeof(OutOfMemoryException),
        typeof(KeyNotFoundException), // a dictionary's indexer (ParameterDict), PyTorch's KeyError
    ];

    /// <summary>Messages the runtime writes for its own faults: seen by a user, they mean a check is missing.</summary>
    private static readonly string[] RuntimeMessages =
    [
        "Index was outside the bounds of the array", "Specified argument was out of the range of valid values",
        "Arithmetic operation resulted in an overflow", "Array dimensions exceeded supported range",
        "Destination is too short", "Destination array was not long enough", "Insufficient memory",
        "Exception of type", "Value cannot be null", "Operation is not valid due to the current state",
    ];

    internal static string? Bad(Exception e)
    {
        string message = e.Message;
        if (!Ordinary.Any(t => t.IsInstanceOfType(e))) return $"{e.GetType().FullName}: {message}\n{e.StackTrace}";
        if (message.StartsWith("agn_", StringComparison.Ordinal)) return $"a native status reached the user: {e.GetType().Name}: {message}";
        if (RuntimeMessages.Any(m => message.StartsWith(m, StringComparison.Ordinal)))
            return $"a runtime fault reached the user: {e.GetType().Name}: {message}\n{e.StackTrace}";
        if (e is OutOfMemoryException && !message.StartsWith("DefaultCPUAllocator: ", StringComparison.Ordinal))
            return $"OutOfMemoryException without the allocator's message: {message}";
        return null;
    }
}
