using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// How <c>state.etcd</c> encodes values (components-contrib state/etcd/schema.go). v1 stores the bytes as given and
/// reports no metadata; a TTL there is only the etcd lease. v2 wraps them in contrib's protobuf envelope
/// <c>dapr.proto.components.state.v2.Value { bytes data = 1; Timestamp ts = 2; optional Duration ttl = 3; }</c>, so a
/// real daprd reading the same etcd sees the same values, bug included: contrib always writes <c>ttl</c> (an empty
/// Duration when the request had none) and reads <c>ttlExpireTime = ts + ttl</c> whenever the field is present, so a
/// v2 value written without a TTL reads back as expiring at its write time.
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

        // As contrib: the ttl field is always written, an empty Duration when the request had no TTL.
        public override byte[] Encode(ReadOnlyMemory<byte> data, DateTimeOffset now, TimeSpan? ttl)
        {
            using var buffer = new MemoryStream();
            using (var output = new CodedOutputStream(buffer, leaveOpen: true))
            {
                output.WriteTag(DataField, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(data.Span));
                output.WriteTag(TimestampField, WireFormat.WireType.LengthDelimited);
                output.WriteMessage(Timestamp.FromDateTimeOffset(now));
                output.WriteTag(TtlField, WireFormat.WireType.LengthDelimited);
                output.WriteMessage(new Duration { Seconds = ttl is { } t ? (long)t.TotalSeconds : 0 });
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

            // As contrib: a present ttl, even an empty one, gives ts + ttl (a missing ts reads as the Unix epoch, as Go's
            // nil Timestamp does).
            DateTimeOffset? expires = ttl is null ? null : (ts ?? new Timestamp()).ToDateTimeOffset() + ttl.ToTimeSpan();
            return (data, expires);
        }
    }
}
