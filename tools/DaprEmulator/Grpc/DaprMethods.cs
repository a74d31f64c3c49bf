using Google.Protobuf;
using Grpc.Core;

namespace DaprSupport.DaprEmulator.Grpc;

/// <summary>Hand-built descriptors for methods of <c>dapr.proto.runtime.v1.Dapr</c>, using the Dapr.Protos message types.</summary>
internal static class DaprMethods
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        Create<TRequest, TResponse>(MethodType.Unary, name);

    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(MethodType type, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        new(type, ServiceName, name, Marshaller<TRequest>(), Marshaller<TResponse>());

    private static Marshaller<T> Marshaller<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom);
    }
}
