using System;
using System.Buffers;
using System.Text;

namespace PgRest.Internal;

/// <summary>
/// Writes PostgREST text into a pooled buffer, in one of two modes. In URL mode every character written with
/// <see cref="Append(char)"/>/<see cref="Append(ReadOnlySpan{char})"/> is percent-encoded as it is written, while
/// <see cref="Structure(char)"/> writes the query string's own punctuation (<c>? &amp; =</c>) as is. Two rules, both
/// producing <c>%XX</c> of the UTF-8 bytes (a lone surrogate as U+FFFD's) for what they escape:
/// <list type="bullet">
/// <item>the path (everything before the first <see cref="BeginParameter"/>) keeps only the unreserved characters
/// <c>A–Z a–z 0–9 - . _ ~</c>, exactly as <see cref="Uri.EscapeDataString(string)"/> does, so a table or function
/// name is always one path segment;</item>
/// <item>query keys and values also keep <c>! $ ( ) * , / : @</c> literal: RFC 3986 allows them in a query, and
/// neither PostgREST's query parser (which splits on <c>&amp;</c> and <c>;</c>, reads <c>+</c> as a space and
/// <c>=</c> as the key's end) nor HTTP intermediaries give them a meaning there. They are PostgREST's own syntax
/// (<c>select=id,author:authors(name)</c>, <c>in.(1,2)</c>, <c>like.*x*</c>), so the URL stays readable and short.
/// <c>&amp; = + ; # % ' ? [ ]</c>, space, quotes, controls and non-ASCII are always escaped.</item>
/// </list>
/// U+0000 and lone surrogates are never written into a URL (PostgREST cuts a value at <c>%00</c>; a lone surrogate has
/// no UTF-8 form and would travel as U+FFFD): the public API refuses them, naming the argument, where the text comes
/// in (<see cref="Guard.SendableText"/>), and the URL writer refuses them again as a last line, so no path can send
/// them. In plain mode nothing is encoded (logs, <c>ToString</c>, values built ahead of rendering). This is the only
/// percent-encoder of the library: the syntax rules write through it, so a value is encoded once, while it is written.
/// </summary>
internal ref struct QueryTextWriter
{
    // Which ASCII characters stay literal (1) in URL mode: the first 128 entries for the path (the unreserved
    // characters), the next 128 for query keys and values (unreserved and ! $ ( ) * , / : @). Constant data: no static
    // constructor to wait for.
    private static ReadOnlySpan<byte> Literal =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    ];

    private const int QueryTable = 128;

    private static readonly SearchValues<char> PathLiterals =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    private static readonly SearchValues<char> QueryLiterals =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$()*,/:@");

    private readonly bool _encode;
    private char[] _buffer;
    private int _length;
    private int _parameters;

    // 0 while writing the path, QueryTable once the first parameter has begun: the offset into Literal.
    private int _table;

    private QueryTextWriter(bool encode, int capacity)
    {
        _encode = encode;
        _buffer = ArrayPool<char>.Shared.Rent(capacity);
        _length = 0;
        _parameters = 0;
        _table = 0;
    }

    /// <summary>A writer that percent-encodes what <see cref="Append(char)"/> writes.</summary>
    public static QueryTextWriter ForUrl(int capacity = 512) => new(true, capacity);

    /// <summary>A writer that writes everything as is.</summary>
    public static QueryTextWriter Plain(int capacity = 64) => new(false, capacity);

    /// <summary>The number of characters written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The text written so far.</summary>
    public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    /// <summary>Writes query-string punctuation or already encoded text, never encoded.</summary>
    public void Structure(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
    }

    /// <summary>Writes query-string punctuation or already encoded text, never encoded.</summary>
    public void Structure(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Starts a query parameter: <c>?</c> before the first, <c>&amp;</c> before the others. What follows is
    /// encoded by the query rule.</summary>
    public void BeginParameter()
    {
        _table = QueryTable;
        Structure(_parameters++ == 0 ? '?' : '&');
    }

    /// <summary>Separates a parameter's key from its value.</summary>
    public void BeginValue() => Structure('=');

    /// <summary>Writes a whole <c>key=value</c> parameter (both encoded in URL mode).</summary>
    public void AppendParameter(scoped ReadOnlySpan<char> key, scoped ReadOnlySpan<char> value)
    {
        BeginParameter();
        Append(key);
        BeginValue();
        Append(value);
    }

    /// <summary>Writes one character of PostgREST text (encoded in URL mode).</summary>
    public void Append(char c)
    {
        if (!_encode || (c < 128 && Literal[_table + c] != 0))
        {
            Structure(c);
        }
        else if (c < 128)
        {
            if (_length + 3 > _buffer.Length)
            {
                Grow(3);
            }

            _length = WriteEscaped(_buffer, _length, (byte)c);
        }
        else
        {
            Append(new ReadOnlySpan<char>(in c));
        }
    }

    /// <summary>Writes PostgREST text (encoded in URL mode).</summary>
    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (!_encode)
        {
            Structure(text);
            return;
        }

        if (text.Length <= 32)
        {
            // Short text (names, most values): a table lookup per character beats a vector search. Stops at the first
            // non-ASCII character and leaves the rest to the general path below.
            if (_length + (text.Length * 3) > _buffer.Length)
            {
                Grow(text.Length * 3);
            }

            var buffer = _buffer;
            var length = _length;
            var literal = Literal.Slice(_table, 128);
            var i = 0;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= 128)
                {
                    break;
                }

                if (literal[c] != 0)
                {
                    buffer[length++] = c;
                }
                else
                {
                    length = WriteEscaped(buffer, length, (byte)c);
                }
            }

            _length = length;
            if (i == text.Length)
            {
                return;
            }

            text = text[i..];
        }

        while (!text.IsEmpty)
        {
            // Runs of literal characters are copied as they are (found with a vectorized search).
            var run = text.IndexOfAnyExcept(_table == 0 ? PathLiterals : QueryLiterals);
            if (run < 0)
            {
                Structure(text);
                return;
            }

            if (run > 0)
            {
                Structure(text[..run]);
                text = text[run..];
            }

            // One character to escape: at most four UTF-8 bytes, each written as %XX.
            if (_length + 12 > _buffer.Length)
            {
                Grow(12);
            }

            var c = text[0];
            if (c < 128)
            {
                _length = WriteEscaped(_buffer, _length, (byte)c);
                text = text[1..];
                continue;
            }

            text = text[AppendEscapedRune(text)..];
        }
    }

    /// <summary>Escapes the character (or surrogate pair) that starts <paramref name="text"/>; returns how many UTF-16
    /// units it took. Invalid UTF-16 (a lone surrogate) is refused. Kept apart from
    /// <see cref="Append(ReadOnlySpan{char})"/> so that method holds no stackalloc and tiers up normally.</summary>
    private int AppendEscapedRune(scoped ReadOnlySpan<char> text)
    {
        if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done)
        {
            throw new ArgumentException(
                $"A lone surrogate (U+{(int)text[0]:X4}) cannot be sent in a URL: it is not valid Unicode.");
        }

        Span<byte> utf8 = stackalloc byte[4];
        var bytes = rune.EncodeToUtf8(utf8);
        for (var b = 0; b < bytes; b++)
        {
            _length = WriteEscaped(_buffer, _length, utf8[b]);
        }

        return consumed;
    }

    /// <summary>Writes an integer in invariant form straight into the buffer (digits and <c>-</c>: nothing to encode).</summary>
    public void AppendInteger(long value)
    {
        const int longest = 20; // long.MinValue
        if (_length + longest > _buffer.Length)
        {
            Grow(longest);
        }

        value.TryFormat(_buffer.AsSpan(_length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Writes a number or other invariant-formatted value (encoded in URL mode).</summary>
    public void AppendFormatted<T>(T value)
        where T : ISpanFormattable
    {
        Span<char> scratch = stackalloc char[64];
        if (value.TryFormat(scratch, out var written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            Append(scratch[..written]);
        }
        else
        {
            Append(value.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The text written.</summary>
    public override readonly string ToString() => new(_buffer, 0, _length);

    /// <summary>The text written; the buffer goes back to the pool and the writer must not be used afterwards. (A
    /// writer abandoned by an exception simply leaves its buffer to the garbage collector.)</summary>
    public string ToStringAndDispose()
    {
        var text = ToString();
        Dispose();
        return text;
    }

    /// <summary>Returns the buffer to the pool; the writer must not be used afterwards.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int WriteEscaped(char[] buffer, int length, byte b)
    {
        if (b == 0)
        {
            throw new ArgumentException("U+0000 cannot be sent in a URL: PostgREST would cut the value there.");
        }

        buffer[length] = '%';
        buffer[length + 1] = HexUpper(b >> 4);
        buffer[length + 2] = HexUpper(b & 0xF);
        return length + 3;
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private void Grow(int needed)
    {
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
