using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PgRest.Internal;

/// <summary>
/// A read-only pass-through stream over a response body that keeps the first bytes it reads, so a body decoded
/// straight from the network can still be quoted (as a snippet) when decoding fails; counts the bytes (after any
/// decompression) and throws <see cref="PostgrestResponseTooLargeException"/> as soon as they pass
/// <paramref name="limit"/>; and reports a body cut off mid-way (reset, truncated) as the
/// <see cref="HttpRequestException"/> it is, like a failure before the body.
/// </summary>
internal sealed class HeadRecordingStream(Stream inner, int headLength, long limit, PostgrestRequest request, int status)
    : Stream
{
    private readonly byte[] _head = new byte[headLength];
    private int _recorded;
    private long _total;

    /// <summary>The first bytes read so far (at most the head length).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _recorded);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (IOException e)
        {
            throw HttpExecutor.BodyFailure(e);
        }

        Record(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw HttpExecutor.BodyFailure(e);
        }

        Record(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Record(ReadOnlySpan<byte> read)
    {
        _total += read.Length;
        if (_total > limit)
        {
            throw new PostgrestResponseTooLargeException(
                limit, status, PostgrestError.Snippet(Head, request.Scrub), request.Method.Method, request.PathAndQuery);
        }

        var take = Math.Min(read.Length, _head.Length - _recorded);
        if (take > 0)
        {
            read[..take].CopyTo(_head.AsSpan(_recorded));
            _recorded += take;
        }
    }
}
