namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>
            /// A module with forward hooks: pre-hooks run before <c>forward</c> (and may replace its input), post-hooks
            /// after it (and may replace its output). Both run only through <c>call</c>, never through <c>forward</c>.
            /// Hooks run in registration order; each <c>register_…</c> returns a handle whose <c>remove()</c> unregisters it.
            /// </summary>
            public class HookableModule<TPreHook, TPostHook> : Module
            {
                private long _nextHook;

                /// <summary>A module named <paramref name="name"/>.</summary>
                protected HookableModule(string name) : base(name) { }

                /// <summary>Typed pre-hooks by key, in registration order; a non-null result replaces the input.</summary>
                protected Dictionary<string, TPreHook> pre_hooks = [];
                /// <summary>Typed post-hooks by key, in registration order; a non-null result replaces the output.</summary>
                protected Dictionary<string, TPostHook> post_hooks = [];
                /// <summary>Pre-hooks that only see the module.</summary>
                protected Dictionary<string, Action<Module>> module_pre_hooks = [];
                /// <summary>Post-hooks that only see the module.</summary>
                protected Dictionary<string, Action<Module>> module_post_hooks = [];

                /// <summary>Registers a hook called after every <c>call</c>'s forward with the inputs and the output.</summary>
                public HookRemover register_forward_hook(TPostHook hook) => Add(post_hooks, hook);

                /// <summary>Registers a hook called before every <c>call</c>'s forward with the inputs.</summary>
                public HookRemover register_forward_pre_hook(TPreHook hook) => Add(pre_hooks, hook);

                /// <summary>Registers a hook called with the module after every <c>call</c>'s forward.</summary>
                public HookRemover register_forward_hook(Action<Module> hook) => Add(module_post_hooks, hook);

                /// <summary>Registers a hook called with the module before every <c>call</c>'s forward.</summary>
                public HookRemover register_forward_pre_hook(Action<Module> hook) => Add(module_pre_hooks, hook);

                private HookRemover Add<THook>(Dictionary<string, THook> hooks, THook hook)
                {
                    ArgumentNullException.ThrowIfNull(hook);
                    string key = (_nextHook++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    hooks.Add(key, hook);
                    return new HookRemover(this, key);
                }

                private void remove(string key)
                {
                    pre_hooks.Remove(key);
                    post_hooks.Remove(key);
                    module_pre_hooks.Remove(key);
                    module_post_hooks.Remove(key);
                }

                /// <summary>The handle of one registered hook (PyTorch's RemovableHandle).</summary>
                public class HookRemover
                {
                    private readonly HookableModule<TPreHook, TPostHook> _module;
                    private readonly string _key;

                    /// <summary>The handle of the hook registered under <paramref name="key"/>.</summary>
                    public HookRemover(HookableModule<TPreHook, TPostHook> module, string key)
                    {
                        _module = module;
                        _key = key;
                    }

                    /// <summary>Unregisters the hook; removing it twice does nothing.</summary>
                    public void remove() => _module.remove(_key);
                }
            }

            /// <summary>A module whose <c>call</c> takes 1 argument (TorchSharp's <c>IModule</c>).</summary>
            public interface IModule<T, TResult>
            {
                /// <summary>Runs the module's forward with its hooks.</summary>
                TResult call(T input);
            }

            /// <summary>A module whose forward takes 1 argument: override <c>forward</c>, invoke with
            /// <c>call</c> (which runs the hooks).</summary>
            public abstract class Module<T, TResult>
                : HookableModule<Func<Module<T, TResult>, T, T>, Func<Module<T, TResult>, T, TResult, TResult>>, IModule<T, TResult>
            {
                /// <summary>A module named <paramref name="name"/>.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The module's computation, without hooks.</summary>
                public abstract TResult forward(T input);

                /// <summary>Runs the pre-hooks, <c>forward</c>, then the post-hooks.</summary>
                public TResult call(T input)
                {
                    if (module_pre_hooks.Count > 0) foreach (var hook in module_pre_hooks.Values.ToArray()) hook(this);
                    if (pre_hooks.Count > 0)
                        foreach (var hook in pre_hooks.Values.ToArray())
                            if (hook(this, input) is { } replaced) input = replaced;
                    TResult result = forward(input);
                    if (post_hooks.Count > 0)
                        foreach (var hook in post_hooks.Values.ToArray())
                            if (hook(this, input, result) is { } replaced) result = replaced;
                    if (module_post_hooks.Count > 0) foreach (var hook in module_post_hooks.Values.ToArray()) hook(this);
                    return result;
                }
            }

            /// <summary>A module whose <c>call</c> takes 2 arguments (TorchSharp's <c>IModule</c>).</summary>
            public interface IModule<T1, T2, TResult>
            {
                /// <summary>Runs the module's forward with its hooks.</summary>
                TResult call(T1 input1, T2 input2);
            }

            /// <summary>A module whose forward takes 2 arguments: override <c>forward</c>, invoke with
            /// <c>call</c> (which runs the hooks).</summary>
            public abstract class Module<T1, T2, TResult>
                : HookableModule<Func<Module<T1, T2, TResult>, T1, T2, (
                    T1, T2)?>, Func<Module<T1, T2, TResult>, T1, T2, TResult, TResult>>, IModule<T1, T2, TResult>
            {
                /// <summary>A module named <paramref name="name"/>.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The module's computation, without hooks.</summary>
                public abstract TResult forward(T1 input1, T2 input2);

                /// <summary>Runs the pre-hooks, <c>forward</c>, then the post-hooks.</summary>
                public TResult call(T1 input1, T2 input2)
                {
                    if (module_pre_hooks.Count > 0) foreach (var hook in module_pre_hooks.Values.ToArray()) hook(this);
                    if (pre_hooks.Count > 0)
                        foreach (var hook in pre_hooks.Values.ToArray())
                            if (hook(this, input1, input2) is { } replaced) (input1, input2) = replaced;
                    TResult result = forward(input1, input2);
                    if (post_hooks.Count > 0)
                        foreach (var hook in post_hooks.Values.ToArray())
                            if (hook(this, input1, input2, result) is { } replaced) result = replaced;
                    if (module_post_hooks.Count > 0) foreach (var hook in module_post_hooks.Values.ToArray()) hook(this);
                    return result;
                }
            }

            /// <summary>A module whose <c>call</c> takes 3 arguments (TorchSharp's <c>IModule</c>).</summary>
            public interface IModule<T1, T2, T3, TResult>
            {
                /// <summary>Runs the module's forward with its hooks.</summary>
                TResult call(T1 input1, T2 input2, T3 input3);
            }

            /// <summary>A module whose forward takes 3 arguments: override <c>forward</c>, invoke with
            /// <c>call</c> (which runs the hooks).</summary>
            public abstract class Module<T1, T2, T3, TResult>
                : HookableModule<Func<Module<T1, T2, T3, TResult>, T1, T2, T3, (
                    T1, T2, T3)?>, Func<Module<T1, T2, T3, TResult>, T1, T2, T3, TResult, TResult>>, IModule<T1, T2, T3, TResult>
            {
                /// <summary>A module named <paramref name="name"/>.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The module's computation, without hooks.</summary>
                public abstract TResult forward(T1 input1, T2 input2, T3 input3);

                /// <summary>Runs the pre-hooks, <c>forward</c>, then the post-hooks.</summary>
                public TResult call(T1 input1, T2 input2, T3 input3)
                {
                    if (module_pre_hooks.Count > 0) foreach (var hook in module_pre_hooks.Values.ToArray()) hook(this);
                    if (pre_hooks.Count > 0)
                        foreach (var hook in pre_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3) is { } replaced) (input1, input2, input3) = replaced;
                    TResult result = forward(input1, input2, input3);
                    if (post_hooks.Count > 0)
                        foreach (var hook in post_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, result) is { } replaced) result = replaced;
                    if (module_post_hooks.Count > 0) foreach (var hook in module_post_hooks.Values.ToArray()) hook(this);
                    return result;
                }
            }

            /// <summary>A module whose <c>call</c> takes 4 arguments (TorchSharp's <c>IModule</c>).</summary>
            public interface IModule<T1, T2, T3, T4, TResult>
            {
                /// <summary>Runs the module's forward with its hooks.</summary>
                TResult call(T1 input1, T2 input2, T3 input3, T4 input4);
            }

            /// <summary>A module whose forward takes 4 arguments: override <c>forward</c>, invoke with
            /// <c>call</c> (which runs the hooks).</summary>
            public abstract class Module<T1, T2, T3, T4, TResult>
                : HookableModule<Func<Module<T1, T2, T3, T4, TResult>, T1, T2, T3, T4, (
                    T1, T2, T3, T4)?>, Func<Module<T1, T2, T3, T4, TResult>, T1, T2, T3, T4, TResult, TResult>>,
                    IModule<T1, T2, T3, T4, TResult>
            {
                /// <summary>A module named <paramref name="name"/>.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The module's computation, without hooks.</summary>
                public abstract TResult forward(T1 input1, T2 input2, T3 input3, T4 input4);

                /// <summary>Runs the pre-hooks, <c>forward</c>, then the post-hooks.</summary>
                public TResult call(T1 input1, T2 input2, T3 input3, T4 input4)
                {
                    if (module_pre_hooks.Count > 0) foreach (var hook in module_pre_hooks.Values.ToArray()) hook(this);
                    if (pre_hooks.Count > 0)
                        foreach (var hook in pre_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, input4) is { } replaced) (input1, input2, input3, input4) = replaced;
                    TResult result = forward(input1, input2, input3, input4);
                    if (post_hooks.Count > 0)
                        foreach (var hook in post_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, input4, result) is { } replaced) result = replaced;
                    if (module_post_hooks.Count > 0) foreach (var hook in module_post_hooks.Values.ToArray()) hook(this);
                    return result;
                }
            }

            /// <summary>A module whose <c>call</c> takes 5 arguments (TorchSharp's <c>IModule</c>).</summary>
            public interface IModule<T1, T2, T3, T4, T5, TResult>
            {
                /// <summary>Runs the module's forward with its hooks.</summary>
                TResult call(T1 input1, T2 input2, T3 input3, T4 input4, T5 input5);
            }

            /// <summary>A module whose forward takes 5 arguments: override <c>forward</c>, invoke with
            /// <c>call</c> (which runs the hooks).</summary>
            public abstract class Module<T1, T2, T3, T4, T5, TResult>
                : HookableModule<Func<Module<T1, T2, T3, T4, T5, TResult>, T1, T2, T3, T4, T5, (
                    T1, T2, T3, T4, T5)?>, Func<Module<T1, T2, T3, T4, T5, TResult>, T1, T2, T3, T4, T5, TResult, TResult>>,
                    IModule<T1, T2, T3, T4, T5, TResult>
            {
                /// <summary>A module named <paramref name="name"/>.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The module's computation, without hooks.</summary>
                public abstract TResult forward(T1 input1, T2 input2, T3 input3, T4 input4, T5 input5);

                /// <summary>Runs the pre-hooks, <c>forward</c>, then the post-hooks.</summary>
                public TResult call(T1 input1, T2 input2, T3 input3, T4 input4, T5 input5)
                {
                    if (module_pre_hooks.Count > 0) foreach (var hook in module_pre_hooks.Values.ToArray()) hook(this);
                    if (pre_hooks.Count > 0)
                        foreach (var hook in pre_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, input4, input5) is { } replaced)
                                (input1, input2, input3, input4, input5) = replaced;
                    TResult result = forward(input1, input2, input3, input4, input5);
                    if (post_hooks.Count > 0)
                        foreach (var hook in post_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, input4, input5, result) is { } replaced) result = replaced;
                    if (module_post_hooks.Count > 0) foreach (var hook in module_post_hooks.Values.ToArray()) hook(this);
                    return result;
                }
            }

            /// <summary>A module whose <c>call</c> takes 6 arguments (TorchSharp's <c>IModule</c>).</summary>
            public interface IModule<T1, T2, T3, T4, T5, T6, TResult>
            {
                /// <summary>Runs the module's forward with its hooks.</summary>
                TResult call(T1 input1, T2 input2, T3 input3, T4 input4, T5 input5, T6 input6);
            }

            /// <summary>A module whose forward takes 6 arguments: override <c>forward</c>, invoke with
            /// <c>call</c> (which runs the hooks).</summary>
            public abstract class Module<T1, T2, T3, T4, T5, T6, TResult>
                : HookableModule<Func<Module<T1, T2, T3, T4, T5, T6, TResult>, T1, T2, T3, T4, T5, T6, (
                    T1, T2, T3, T4, T5, T6)?>,
                    Func<Module<T1, T2, T3, T4, T5, T6, TResult>, T1, T2, T3, T4, T5, T6, TResult, TResult>>,
                    IModule<T1, T2, T3, T4, T5, T6, TResult>
            {
                /// <summary>A module named <paramref name="name"/>.</summary>
                protected Module(string name) : base(name) { }

                /// <summary>The module's computation, without hooks.</summary>
                public abstract TResult forward(T1 input1, T2 input2, T3 input3, T4 input4, T5 input5, T6 input6);

                /// <summary>Runs the pre-hooks, <c>forward</c>, then the post-hooks.</summary>
                public TResult call(T1 input1, T2 input2, T3 input3, T4 input4, T5 input5, T6 input6)
                {
                    if (module_pre_hooks.Count > 0) foreach (var hook in module_pre_hooks.Values.ToArray()) hook(this);
                    if (pre_hooks.Count > 0)
                        foreach (var hook in pre_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, input4, input5, input6) is { } replaced)
                                (input1, input2, input3, input4, input5, input6) = replaced;
                    TResult result = forward(input1, input2, input3, input4, input5, input6);
                    if (post_hooks.Count > 0)
                        foreach (var hook in post_hooks.Values.ToArray())
                            if (hook(this, input1, input2, input3, input4, input5, input6, result) is { } replaced) result = replaced;
                    if (module_post_hooks.Count > 0) foreach (var hook in module_post_hooks.Values.ToArray()) hook(this);
                    return result;
                }
            }
        }
    }
}
