using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// How <c>state.etcd</c> encodes values. v1 stores the bytes as given. v2 wraps them in components-contrib's
/// protobuf envelope <c>dapr.proto.components.state.v2.Value { bytes data = 1; Timestamp ts = 2; optional Duration ttl = 3; }</c>,
/// so a real daprd reading the same etcd sees the same values.
/// </summary>
internal abstract class EtcdValueCodec
{
    public static EtcdValueCodec For(string version) => version == "v1" ? new V1() : new V2();

    public abstract byte[] Encode(ReadOnlyMemory<byte> data, DateTimeOffset now, TimeSpan? ttl);

    /// <summary>The stored data and, when the envelope carries a TTL, its expiry.</summary>
    public abstract (byte[] Data, DateTimeOffset? ExpiresAt) Decode(byte[] stored);

    private sealed class V1 : EtcdValueCodec
    {
        public override byte[] Encode(ReadOnlyMemory<byte> data, DateTimeOffset now, TimeSpan? ttl) => data.ToArray();

        public override (byte[] Data, DateTimeOffset? ExpiresAt) Decode(byte[] stored) => (stored, null);
    }

    private sealed class V2 : EtcdValueCodec
    {
        private const int DataField = 1;
        private const int TimestampField = 2;
        private const int TtlField = 3;

        // contrib always writes a ttl (an empty Duration when there is none); we only write it for a real TTL, and read
        // an empty or zero one as "no TTL". Both encodings decode to the same data.
        public override byte[] Encode(ReadOnlyMemory<byte> data, DateTimeOffset now, TimeSpan? ttl)
        {
            using var buffer = new MemoryStream();
            using (var output = new CodedOutputStream(buffer, leaveOpen: true))
            {
                output.WriteTag(DataField, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(data.Span));
                output.WriteTag(TimestampField, WireFormat.WireType.LengthDelimited);
                output.WriteMessage(Timestamp.FromDateTimeOffset(now));
                if (ttl is { } t && t > TimeSpan.Zero)
                {
                    output.WriteTag(TtlField, WireFormat.WireType.LengthDelimited);
                    output.WriteMessage(Duration.FromTimeSpan(t));
                }
            }

            return buffer.ToArray();
        }

        public override (byte[] Data, DateTimeOffset? ExpiresAt) Decode(byte[] stored)
        {
            var input = new CodedInputStream(stored);
            byte[] data = [];
            Timestamp? ts = null;
            Duration? ttl = null;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case DataField:
                        data = input.ReadBytes().ToByteArray();
                        break;
                    case TimestampField:
                        ts = new Timestamp();
                        input.ReadMessage(ts);
                        break;
                    case TtlField:
                        ttl = new Duration();
                        input.ReadMessage(ttl);
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }

            DateTimeOffset? expires = ts is not null && ttl is not null && ttl.ToTimeSpan() > TimeSpan.Zero
                ? ts.ToDateTimeOffset() + ttl.ToTimeSpan()
                : null;
            return (data, expires);
        }
    }
}
