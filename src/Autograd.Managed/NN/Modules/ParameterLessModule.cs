namespace Autograd.Modules
{
    /// <summary>Marks a module that holds no parameters or buffers (TorchSharp's marker).</summary>
    public interface IParameterLessModule { }

    /// <summary>A module without parameters or buffers whose forward takes 1 argument: registering
    /// either throws, and only parameter-less children are accepted.</summary>
    public abstract class ParameterLessModule<T1, TResult> : torch.nn.Module<T1, TResult>, IParameterLessModule
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <inheritdoc cref="ParameterLess.NoBuffer"/>
        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw ParameterLess.NoBuffer();

        /// <inheritdoc cref="ParameterLess.NoParameter"/>
        public override void register_parameter(string name, Parameter param) => throw ParameterLess.NoParameter();

        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, torch.nn.Module submodule)
        {
            ParameterLess.CheckChild(submodule);
            base.register_module(name, submodule);
        }
    }

    /// <summary>A module without parameters or buffers whose forward takes 2 arguments: registering
    /// either throws, and only parameter-less children are accepted.</summary>
    public abstract class ParameterLessModule<T1, T2, TResult> : torch.nn.Module<T1, T2, TResult>, IParameterLessModule
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <inheritdoc cref="ParameterLess.NoBuffer"/>
        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw ParameterLess.NoBuffer();

        /// <inheritdoc cref="ParameterLess.NoParameter"/>
        public override void register_parameter(string name, Parameter param) => throw ParameterLess.NoParameter();

        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, torch.nn.Module submodule)
        {
            ParameterLess.CheckChild(submodule);
            base.register_module(name, submodule);
        }
    }

    /// <summary>A module without parameters or buffers whose forward takes 3 arguments: registering
    /// either throws, and only parameter-less children are accepted.</summary>
    public abstract class ParameterLessModule<T1, T2, T3, TResult> : torch.nn.Module<T1, T2, T3, TResult>, IParameterLessModule
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <inheritdoc cref="ParameterLess.NoBuffer"/>
        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw ParameterLess.NoBuffer();

        /// <inheritdoc cref="ParameterLess.NoParameter"/>
        public override void register_parameter(string name, Parameter param) => throw ParameterLess.NoParameter();

        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, torch.nn.Module submodule)
        {
            ParameterLess.CheckChild(submodule);
            base.register_module(name, submodule);
        }
    }

    /// <summary>A module without parameters or buffers whose forward takes 4 arguments: registering
    /// either throws, and only parameter-less children are accepted.</summary>
    public abstract class ParameterLessModule<T1, T2, T3, T4, TResult> : torch.nn.Module<T1, T2, T3, T4, TResult>, IParameterLessModule
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <inheritdoc cref="ParameterLess.NoBuffer"/>
        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw ParameterLess.NoBuffer();

        /// <inheritdoc cref="ParameterLess.NoParameter"/>
        public override void register_parameter(string name, Parameter param) => throw ParameterLess.NoParameter();

        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, torch.nn.Module submodule)
        {
            ParameterLess.CheckChild(submodule);
            base.register_module(name, submodule);
        }
    }

    /// <summary>A module without parameters or buffers whose forward takes 5 arguments: registering
    /// either throws, and only parameter-less children are accepted.</summary>
    public abstract class ParameterLessModule<T1, T2, T3, T4, T5, TResult>
        : torch.nn.Module<T1, T2, T3, T4, T5, TResult>, IParameterLessModule
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <inheritdoc cref="ParameterLess.NoBuffer"/>
        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw ParameterLess.NoBuffer();

        /// <inheritdoc cref="ParameterLess.NoParameter"/>
        public override void register_parameter(string name, Parameter param) => throw ParameterLess.NoParameter();

        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, torch.nn.Module submodule)
        {
            ParameterLess.CheckChild(submodule);
            base.register_module(name, submodule);
        }
    }

    /// <summary>A module without parameters or buffers whose forward takes 6 arguments: registering
    /// either throws, and only parameter-less children are accepted.</summary>
    public abstract class ParameterLessModule<T1, T2, T3, T4, T5, T6, TResult>
        : torch.nn.Module<T1, T2, T3, T4, T5, T6, TResult>, IParameterLessModule
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <inheritdoc cref="ParameterLess.NoBuffer"/>
        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw ParameterLess.NoBuffer();

        /// <inheritdoc cref="ParameterLess.NoParameter"/>
        public override void register_parameter(string name, Parameter param) => throw ParameterLess.NoParameter();

        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, torch.nn.Module submodule)
        {
            ParameterLess.CheckChild(submodule);
            base.register_module(name, submodule);
        }
    }

    internal static class ParameterLess
    {
        /// <summary>Throws: a parameter-less module holds no buffers.</summary>
        internal static InvalidOperationException NoBuffer() =>
            new("Cannot register a buffer on a module that is declared 'parameter-less.'");

        /// <summary>Throws: a parameter-less module holds no parameters.</summary>
        internal static InvalidOperationException NoParameter() =>
            new("Cannot register a parameter on a module that is declared 'parameter-less.'");

        internal static void CheckChild(torch.nn.Module? child)
        {
            if (child is not null and not IParameterLessModule)
                throw new InvalidOperationException("Submodules of a parameter-less module must also be parameter-less.");
        }
    }
}
