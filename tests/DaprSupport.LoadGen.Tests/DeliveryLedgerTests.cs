using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace DaprSupport.LoadGen.Tests;

public class DeliveryLedgerTests
{
    [Fact]
    public void A_numbered_text_carries_its_sender_and_number_through_the_gateways_json()
    {
        var stamp = Stopwatch.GetTimestamp();
        var item = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "item", sessionId = "s-1", seq = 9, kind = "text", text = FrameScan.Text("r1", stamp, 17, 4242),
        });
        var unnumbered = Encoding.UTF8.GetBytes($$"""{"type":"item","kind":"text","text":"{{FrameScan.Text("r1", 42)}}"}""");
        var marked = FrameScan.MarkedText("r1");

        Assert.True(FrameScan.TryMarkedText(item, marked, out var read, out _, out var visitor, out var number));
        Assert.Equal((stamp, 17, 4242L), (read, visitor, number));
        Assert.True(FrameScan.TryMarkedText(unnumbered, marked, out var bare, out _, out var noVisitor, out var noNumber));
        Assert.Equal((42L, -1, -1L), (bare, noVisitor, noNumber));
    }

    [Fact]
    public void A_read_receipt_marks_the_items_session_and_seq_and_receipts_are_told_apart_from_items()
    {
        var item = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "item", sessionId = "s-0f3a", seq = 1234, kind = "text", text = FrameScan.Text("r1", 42, 1, 2),
        });
        var receipt = Encoding.UTF8.GetBytes("""{"type":"read","sessionId":"s-0f3a","seq":1234}""");

        Assert.True(FrameScan.TryItemPosition(item, out var sessionId, out var seq));
        Assert.Equal(("s-0f3a", 1234L), (sessionId, seq));
        Assert.False(FrameScan.TryItemPosition("""{"type":"item","seq":3}"""u8, out _, out _));
        Assert.True(FrameScan.IsReadReceipt(receipt));
        Assert.False(FrameScan.IsReadReceipt(item));
    }

    [Fact]
    public void A_relayed_typing_frame_is_told_apart_from_items_and_receipts()
    {
        var typing = """{"type":"typing","sessionId":"s-0f3a","by":{"role":"visitor","id":"v1"}}"""u8;

        Assert.True(FrameScan.IsTyping(typing));
        Assert.False(FrameScan.IsTyping("""{"type":"read","sessionId":"s-0f3a","seq":3}"""u8));
        Assert.False(FrameScan.IsTyping("""{"type":"item","sessionId":"s-0f3a","seq":3,"text":"typing"}"""u8));
    }

    [Fact]
    public async Task Every_text_arriving_once_in_order_completes_the_drain_with_nothing_missing()
    {
        var ledger = new DeliveryLedger(2);
        for (var k = 0; k < 3; k++)
        {
            foreach (var visitor in new[] { 0, 1 })
            {
                Assert.Equal(k, ledger.Reserve(visitor));
                ledger.MarkSent();
            }
        }

        ledger.Arrive(1, 0);
        ledger.Arrive(0, 0);
        ledger.Arrive(0, 1);
        ledger.Arrive(1, 1);
        ledger.Arrive(0, 2);
        ledger.EndSending();
        Assert.False(ledger.AllArrived.IsCompleted);
        Assert.Equal(1, ledger.Missing);

        ledger.Arrive(1, 2);

        await ledger.AllArrived.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((6L, 6L, 0L, 0L, 0L), (ledger.Sent, ledger.Arrived, ledger.Missing, ledger.Duplicates, ledger.OutOfOrder));
    }

    [Fact]
    public void A_text_arriving_twice_or_before_an_earlier_one_is_counted_and_a_lost_one_stays_missing()
    {
        var ledger = new DeliveryLedger(1);
        for (var k = 0; k < 4; k++)
        {
            ledger.Reserve(0);
            ledger.MarkSent();
        }

        ledger.Arrive(0, 0);
        ledger.Arrive(0, 0); // shown twice
        ledger.Arrive(0, 2); // skips 1
        ledger.Arrive(0, 1); // late: after a later one
        ledger.EndSending(); // 3 never arrives

        Assert.Equal((1L, 1L, 1L), (ledger.Duplicates, ledger.OutOfOrder, ledger.Missing));
        Assert.False(ledger.AllArrived.IsCompleted);
        var figures = ChatScenario.ArrivalFigures(ledger, inWindow: 2, drained: null, TimeSpan.FromSeconds(30));
        Assert.Equal("1 more; 1 of 4 still missing 30 s after the last send", figures[0].Value);
        Assert.Equal("1 / 1", figures[2].Value);
    }

    [Fact]
    public void Arrivals_of_texts_it_does_not_know_change_nothing()
    {
        var ledger = new DeliveryLedger(1);
        ledger.Arrive(5, 0);
        ledger.Arrive(0, -1);
        ledger.Arrive(-1, 0);
        ledger.EndSending();

        Assert.Equal((0L, 0L, 0L), (ledger.Arrived, ledger.Duplicates, ledger.OutOfOrder));
        Assert.True(ledger.AllArrived.IsCompleted);
    }

    [Fact]
    public async Task A_text_the_gateway_refused_is_not_missing_and_the_next_one_arriving_is_in_order()
    {
        var ledger = new DeliveryLedger(1);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(k, ledger.Reserve(0));
            ledger.MarkSent();
        }

        var refusedId = DeliveryLedger.ClientMsgId("r1", 0, 1);
        Assert.True(DeliveryLedger.TryParseClientMsgId(refusedId, "r1", out var visitor, out var number));
        Assert.False(DeliveryLedger.TryParseClientMsgId(refusedId, "r0", out _, out _));
        Assert.False(DeliveryLedger.TryParseClientMsgId(Guid.NewGuid().ToString("N"), "r1", out _, out _));

        ledger.Arrive(0, 0);
        ledger.Refuse(visitor, number); // rate_limited: the visitor was told
        ledger.Arrive(0, 2);
        ledger.EndSending();

        await ledger.AllArrived.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((1L, 0L, 0L, 0L), (ledger.Refused, ledger.Missing, ledger.OutOfOrder, ledger.Duplicates));
        var figures = ChatScenario.ArrivalFigures(ledger, inWindow: 2, drained: TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(30));
        Assert.Equal("0 more; every text sent and not refused arrived, the last 1.2 s after the last send", figures[0].Value);
        Assert.Equal("1 of 3", figures[1].Value);
    }
}
