using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// The CEL subset used in pub/sub routing rules (docs: developing-applications/building-blocks/pubsub/howto-route-messages):
/// paths into the CloudEvent (<c>event.type</c>, <c>event.data.a.b</c>, <c>event.data["k"]</c>), string, number, bool
/// and null literals, <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>&amp;&amp; || !</c> and parentheses.
/// </summary>
public sealed class RouteMatch
{
    private readonly Func<JsonObject, object?> _evaluate;

    private RouteMatch(string text, Func<JsonObject, object?> evaluate)
    {
        Text = text;
        _evaluate = evaluate;
    }

    public string Text { get; }

    public static RouteMatch Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var expr = parser.ParseOr();
        parser.ExpectEnd();
        return new RouteMatch(text, expr);
    }

    public bool Matches(JsonObject cloudEvent) => _evaluate(cloudEvent) is true;

    private sealed class Parser(string text)
    {
        private int _pos;

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos < text.Length)
            {
                throw Error("unexpected input");
            }
        }

        public Func<JsonObject, object?> ParseOr()
        {
            var left = ParseAnd();
            while (Accept("||"))
            {
                var (l, r) = (left, ParseAnd());
                left = e => l(e) is true || r(e) is true;
            }

            return left;
        }

        private Func<JsonObject, object?> ParseAnd()
        {
            var left = ParseUnary();
            while (Accept("&&"))
            {
                var (l, r) = (left, ParseUnary());
                left = e => l(e) is true && r(e) is true;
            }

            return left;
        }

        private Func<JsonObject, object?> ParseUnary()
        {
            SkipSpace();
            if (Peek('!') && !PeekAt(1, '='))
            {
                _pos++;
                var inner = ParseUnary();
                return e => inner(e) is bool b ? !b : null;
            }

            return ParseComparison();
        }

        private Func<JsonObject, object?> ParseComparison()
        {
            var left = ParsePrimary();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (Accept(op))
                {
                    var right = ParsePrimary();
                    return e => Compare(op, left(e), right(e));
                }
            }

            return left;
        }

        private Func<JsonObject, object?> ParsePrimary()
        {
            SkipSpace();
            if (Accept("("))
            {
                var inner = ParseOr();
                if (!Accept(")"))
                {
                    throw Error("')' expected");
                }

                return inner;
            }

            if (Peek('"') || Peek('\''))
            {
                var s = ReadString();
                return _ => s;
            }

            if (_pos < text.Length && (char.IsDigit(text[_pos]) || (text[_pos] == '-' && _pos + 1 < text.Length && char.IsDigit(text[_pos + 1]))))
            {
                var start = _pos++;
                while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
                {
                    _pos++;
                }

                var number = double.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
                return _ => number;
            }

            var ident = ReadIdentifier();
            switch (ident)
            {
                case "true":
                    return _ => true;
                case "false":
                    return _ => false;
                case "null":
                    return _ => null;
                case "event":
                    break;
                default:
                    throw Error($"unknown identifier '{ident}' (paths start with 'event')");
            }

            var path = new List<string>();
            while (true)
            {
                if (Accept("."))
                {
                    path.Add(ReadIdentifier());
                }
                else if (Accept("["))
                {
                    SkipSpace();
                    path.Add(ReadString());
                    if (!Accept("]"))
                    {
                        throw Error("']' expected");
                    }
                }
                else
                {
                    break;
                }
            }

            return e => Resolve(e, path);
        }

        private static object? Resolve(JsonObject cloudEvent, List<string> path)
        {
            JsonNode? node = cloudEvent;
            foreach (var key in path)
            {
                if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
                {
                    return null;
                }
            }

            return node switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
                _ => node.ToJsonString(),
            };
        }

        private static object? Compare(string op, object? a, object? b)
        {
            if (op is "==" or "!=")
            {
                var equal = Equals(a, b);
                return op == "==" ? equal : !equal;
            }

            int? order = (a, b) switch
            {
                (double x, double y) => x.CompareTo(y),
                (string x, string y) => string.CompareOrdinal(x, y),
                _ => null,
            };
            return order is not { } o ? false : op switch
            {
                "<" => o < 0,
                "<=" => o <= 0,
                ">" => o > 0,
                _ => o >= 0,
            };
        }

        private string ReadString()
        {
            var quote = text[_pos++];
            var sb = new System.Text.StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }

                sb.Append(text[_pos++]);
            }

            if (_pos >= text.Length)
            {
                throw Error("unterminated string");
            }

            _pos++;
            return sb.ToString();
        }

        private string ReadIdentifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            return _pos > start ? text[start.._pos] : throw Error("identifier expected");
        }

        private bool Accept(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) != 0)
            {
                return false;
            }

            _pos += token.Length;
            return true;
        }

        private bool Peek(char c) => _pos < text.Length && text[_pos] == c;

        private bool PeekAt(int offset, char c) => _pos + offset < text.Length && text[_pos + offset] == c;

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private FormatException Error(string what) => new($"route match '{text}': {what} at position {_pos}.");
    }
}
