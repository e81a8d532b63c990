namespace EndoDepth.Imaging;

/// <summary>
/// A planar float image with 1 (grey) or 3 (RGB) channels, values nominally in [0, 1] (linear or display-encoded
/// as the producer documents). Layout: channel c, row y, column x at <c>Data[c * PlaneSize + y * Stride + x]</c>.
/// </summary>
public sealed class ImageF
{
    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Number of channels: 1 (grey) or 3 (RGB).</summary>
    public int Channels { get; }
    /// <summary>Elements between the starts of two consecutive rows (≥ <see cref="Width"/>).</summary>
    public int Stride { get; }
    /// <summary>Elements per channel plane: <see cref="Stride"/> × <see cref="Height"/>.</summary>
    public int PlaneSize => Stride * Height;
    /// <summary>The pixel storage (planar).</summary>
    public float[] Data { get; }

    /// <summary>Creates a zeroed image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive or absurd size, or channels other than 1 or
    /// 3.</exception>
    public ImageF(int width, int height, int channels = 1, int stride = 0)
        : this(width, height, channels, stride, null) { }

    /// <summary>Wraps existing planar data (not copied).</summary>
    /// <exception cref="ArgumentException">The data length does not match.</exception>
    public ImageF(int width, int height, int channels, float[] data, int stride = 0)
        : this(width, height, channels, stride, data ?? throw new ArgumentNullException(nameof(data))) { }

    private ImageF(int width, int height, int channels, int stride, float[]? data)
    {
        ImageSize.Validate(width, height);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels),
            $"Images have 1 or 3 channels, got {channels}.");
        if (stride == 0) stride = width;
        if (stride < width) throw new ArgumentOutOfRangeException(nameof(stride), "Stride must be at least the width.");
        Width = width; Height = height; Channels = channels; Stride = stride;
        var n = (long)stride * height * channels;
        if (data is null) Data = new float[n];
        else if (data.LongLength != n) throw new ArgumentException($"Expected {n} values for " +
            $"{width}×{height}×{channels} (stride {stride}), got {data.Length}.", nameof(data));
        else Data = data;
    }

    /// <summary>Gets or sets the value of channel <paramref name="c"/> at (x, y).</summary>
    public float this[int x, int y, int c = 0]
    {
        get => Data[c * PlaneSize + y * Stride + x];
        set => Data[c * PlaneSize + y * Stride + x] = value;
    }

    /// <summary>One channel plane.</summary>
    public Span<float> Plane(int c) => Data.AsSpan(c * PlaneSize, PlaneSize);

    /// <summary>A deep copy.</summary>
    public ImageF Clone() => new(Width, Height, Channels, (float[])Data.Clone(), Stride);

    /// <summary>The mirror image: pixel (x, y) comes from (W − 1 − x, y) and/or (x, H − 1 − y).</summary>
    /// <param name="horizontally">Mirror left–right.</param>
    /// <param name="vertically">Mirror top–bottom.</param>
    public ImageF Mirrored(bool horizontally, bool vertically)
    {
        var o = new ImageF(Width, Height, Channels);
        for (var c = 0; c < Channels; c++)
            for (var y = 0; y < Height; y++)
            {
                var sy = vertically ? Height - 1 - y : y;
                for (var x = 0; x < Width; x++) o[x, y, c] = this[horizontally ? Width - 1 - x : x, sy, c];
            }
        return o;
    }

    /// <summary>The transposed image (the mirror about the main diagonal): pixel (x, y) comes from (y, x).</summary>
    public ImageF Transposed()
    {
        var o = new ImageF(Height, Width, Channels);
        for (var c = 0; c < Channels; c++)
            for (var y = 0; y < Width; y++)
                for (var x = 0; x < Height; x++) o[x, y, c] = this[y, x, c];
        return o;
    }

    /// <summary>
    /// Three equal channels from a grey image (the paper's pre-training input: "gray scale synthetic images with three
    /// channels, each channel assigned the same grayscale value"); an RGB image is returned as a copy.
    /// </summary>
    public ImageF ToRgb()
    {
        if (Channels == 3) return Clone();
        var rgb = new ImageF(Width, Height, 3, Stride);
        for (var c = 0; c < 3; c++) Data.AsSpan().CopyTo(rgb.Plane(c));
        return rgb;
    }

    /// <summary>
    /// Luma (Rec. 601 weights 0.299, 0.587, 0.114) of an RGB image; a grey image is returned as a copy.
    /// </summary>
    public ImageF ToGrey()
    {
        if (Channels == 1) return Clone();
        var g = new ImageF(Width, Height, 1, Stride);
        var r = Plane(0); var gg = Plane(1); var b = Plane(2); var o = g.Data.AsSpan();
        for (var i = 0; i < o.Length; i++) o[i] = 0.299f * r[i] + 0.587f * gg[i] + 0.114f * b[i];
        return g;
    }

    /// <summary>
    /// Interleaved 8-bit pixels (grey, or R,G,B per pixel), each value round(clamp(v, 0, 1)·255); NaN maps to 0.
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Width * Height * Channels];
        for (var c = 0; c < Channels; c++)
        {
            var plane = Plane(c);
            for (var y = 0; y < Height; y++)
                for (var x = 0; x < Width; x++)
                {
                    var v = plane[y * Stride + x];
                    bytes[(y * Width + x) * Channels + c] =
                        float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
                }
        }
        return bytes;
    }

    /// <summary>An image from interleaved 8-bit pixels (value / 255).</summary>
    /// <exception cref="ArgumentException">The byte count does not match.</exception>
    public static ImageF FromBytes(ReadOnlySpan<byte> bytes, int width, int height, int channels)
    {
        var img = new ImageF(width, height, channels);
        if (bytes.Length != width * height * channels)
            throw new ArgumentException($"Expected {width * height * channels} bytes for " +
                $"{width}×{height}×{channels}, got {bytes.Length}.", nameof(bytes));
        for (var c = 0; c < channels; c++)
        {
            var plane = img.Plane(c);
            for (var i = 0; i < width * height; i++) plane[i] = bytes[i * channels + c] / 255f;
        }
        return img;
    }
}
