namespace EndoDepth.Crf.Superpixels;

/// <summary>
/// A partition of an image into <see cref="Count"/> connected superpixels labelled 0…Count−1 (row-major labels),
/// with each superpixel's centroid and pixel count.
/// </summary>
public sealed class SuperpixelSegmentation
{
    /// <summary>Image width.</summary>
    public int Width { get; }
    /// <summary>Image height.</summary>
    public int Height { get; }
    /// <summary>Number of superpixels.</summary>
    public int Count { get; }
    /// <summary>Label of pixel (x, y) at index y·Width + x.</summary>
    public int[] Labels { get; }
    /// <summary>Centroid x of each superpixel (pixel (x, y) is at integer coordinates).</summary>
    public float[] CentroidX { get; }
    /// <summary>Centroid y of each superpixel (pixel (x, y) is at integer coordinates).</summary>
    public float[] CentroidY { get; }
    /// <summary>Pixels in each superpixel.</summary>
    public int[] PixelCounts { get; }

    /// <summary>Wraps labels 0…count−1 and computes centroids and counts.</summary>
    /// <exception cref="ArgumentException">Wrong length, a label out of range, or an empty label.</exception>
    public SuperpixelSegmentation(int width, int height, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != width * height) throw new ArgumentException($"Expected {width * height} labels, got " +
            $"{labels.Length}.", nameof(labels));
        var count = labels.Length == 0 ? 0 : labels.Max() + 1;
        var sx = new double[count]; var sy = new double[count]; var n = new int[count];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var l = labels[y * width + x];
                if (l < 0) throw new ArgumentException($"Negative label at ({x}, {y}).", nameof(labels));
                sx[l] += x; sy[l] += y; n[l]++;
            }
        for (var l = 0; l < count; l++)
            if (n[l] == 0) throw new ArgumentException($"Label {l} has no pixels (labels must be 0…count−1).",
                nameof(labels));
        Width = width; Height = height; Count = count; Labels = labels; PixelCounts = n;
        CentroidX = new float[count]; CentroidY = new float[count];
        for (var l = 0; l < count; l++) { CentroidX[l] = (float)(sx[l] / n[l]); CentroidY[l] = (float)(sy[l] / n[l]); }
    }
}
