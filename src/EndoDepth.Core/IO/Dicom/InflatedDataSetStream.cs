using System.IO.Compression;

namespace EndoDepth.IO.Dicom;

/// <summary>
/// The inflated data set of a deflated file (PS3.5 A.5: after the file meta group, one raw deflate stream), inflated as
/// it is read and never held whole: a first pass counts its length (so element lengths can be checked against what
/// remains), then reads and forward seeks inflate into a 1 MiB buffer that keeps the last 4 KiB for the parser's short
/// look-backs. A small file that inflates to gigabytes costs the time to inflate it, not the memory.
/// </summary>
internal sealed class InflatedDataSetStream : Stream
{
    /// <summary>Deflate cannot expand data by more than this factor (RFC 1951: 258-byte matches per 2 bits).</summary>
    public const long MaxDeflateRatio = 1032;

    private const int BufferSize = 1 << 20;
    private const int LookBack = 4096;

    private readonly DeflateStream _z;
    private readonly Stream? _owned;
    private readonly string _name;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _bufferLength;
    private long _position;
    private bool _ended;

    private InflatedDataSetStream(Stream source, long length, string name, bool ownsSource)
    {
        _z = new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true);
        _owned = ownsSource ? source : null;
        Length = length; _name = name;
    }

    /// <summary>
    /// Opens the deflate stream at <paramref name="source"/>'s position (a seekable stream, disposed with this one when
    /// <paramref name="ownsSource"/>). With <paramref name="countLength"/> its inflated length is counted first (the
    /// parser checks element lengths against it; inflating past what the compressed bytes can hold is refused);
    /// without, <see cref="Length"/> is unknown (<see cref="long.MaxValue"/>) and reads end where the data does — for a
    /// reader that reads only as far as a parsed header declares.
    /// </summary>
    /// <exception cref="DicomFormatException">Corrupt deflate data, or more inflated bytes than possible.</exception>
    public static InflatedDataSetStream Open(Stream source, string name, bool ownsSource = false,
        bool countLength = true)
    {
        if (!countLength) return new InflatedDataSetStream(source, long.MaxValue, name, ownsSource);
        var start = source.Position;
        var bound = (source.Length - start) * MaxDeflateRatio + (1 << 16);
        long length = 0;
        var scratch = new byte[1 << 16];
        try
        {
            using (var z = new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true))
            {
                int n;
                while ((n = z.Read(scratch)) > 0)
                {
                    length += n;
                    if (length > bound)
                        throw new DicomFormatException(name, $"deflated data set inflates beyond {bound} bytes, " +
                            $"more than its {source.Length - start} compressed bytes can hold", source.Position);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException(name, $"corrupt deflated data set: {e.Message}", source.Position, e);
        }
        source.Position = start;
        return new InflatedDataSetStream(source, length, name, ownsSource);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.IsEmpty) return 0;
        if (_position < _bufferStart) throw new DicomFormatException(_name, $"the inflated data set is read " +
            $"forwards: byte {_position} lies before the {LookBack} bytes kept behind {_bufferStart}", _position);
        while (_position >= _bufferStart + _bufferLength && !_ended) Refill();
        var at = _position - _bufferStart;
        if (at >= _bufferLength) return 0;
        var n = (int)Math.Min(buffer.Length, _bufferLength - at);
        _buffer.AsSpan((int)at, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <summary>Keeps the last <see cref="LookBack"/> bytes and inflates after them.</summary>
    private void Refill()
    {
        var keep = Math.Min(LookBack, _bufferLength);
        _buffer.AsSpan(_bufferLength - keep, keep).CopyTo(_buffer);
        _bufferStart += _bufferLength - keep;
        _bufferLength = keep;
        try
        {
            while (_bufferLength < BufferSize)
            {
                var n = _z.Read(_buffer.AsSpan(_bufferLength));
                if (n == 0) { _ended = true; return; }
                _bufferLength += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException(_name, $"corrupt deflated data set: {e.Message}", _bufferStart, e);
        }
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new IOException("Seek before the start of the data set.");
    }

    /// <inheritdoc />
    public override long Length { get; }
    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => true;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _z.Dispose();
            _owned?.Dispose();
        }
        base.Dispose(disposing);
    }
}
