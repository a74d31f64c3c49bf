using DaprSupport.DaprEmulator.Engine;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.DaprEmulator.Grpc;

/// <summary>
/// The gRPC API of a sidecar (service <c>dapr.proto.runtime.v1.Dapr</c>). Each building block binds its methods in
/// its own partial file; handlers are public virtual methods found by name, as generated service bases are.
/// Methods not bound here answer UNIMPLEMENTED, as daprd does for APIs it lacks.
/// </summary>
[BindServiceMethod(typeof(DaprGrpcService), nameof(BindService))]
public partial class DaprGrpcService(EmulatorHost host, Sidecar sidecar)
{
    /// <summary>The service descriptor, which gRPC reflection reports (the Dapr SDK probes the sidecar with it).</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor =>
        Autogen.DaprReflection.Descriptor.Services.Single(s => s.FullName == DaprMethods.ServiceName);

    protected EmulatorHost Host { get; } = host;

    protected Sidecar Sidecar { get; } = sidecar;

    public static void BindService(ServiceBinderBase binder, DaprGrpcService? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        BindMetadata(binder, service);
        BindState(binder, service);
        BindPubSub(binder, service);
        BindInvoke(binder, service);
        BindActors(binder, service);
        BindLock(binder, service);
    }

    static partial void BindState(ServiceBinderBase binder, DaprGrpcService? service);

    static partial void BindPubSub(ServiceBinderBase binder, DaprGrpcService? service);

    static partial void BindInvoke(ServiceBinderBase binder, DaprGrpcService? service);

    static partial void BindActors(ServiceBinderBase binder, DaprGrpcService? service);

    static partial void BindLock(ServiceBinderBase binder, DaprGrpcService? service);
}
