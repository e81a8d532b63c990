using System.Globalization;
using EndoDepth.Imaging;
using EndoDepth.IO;
using SkiaSharp;

namespace EndoDepth.Experiments.Report;

/// <summary>What a grid cell shows.</summary>
internal enum PanelKind
{
    /// <summary>A grey or RGB image.</summary>
    Image,
    /// <summary>A depth map on the grid's shared depth scale.</summary>
    Depth,
    /// <summary>An absolute-error map (mm) on the grid's shared error scale.</summary>
    Error,
}

/// <summary>One cell of a figure grid.</summary>
/// <param name="Kind">Image, depth or error.</param>
/// <param name="Image">The image (for <see cref="PanelKind.Image"/>).</param>
/// <param name="Depth">The depth or error map (for the other kinds).</param>
internal sealed record Panel(PanelKind Kind, ImageF? Image = null, DepthMap? Depth = null)
{
    /// <summary>An image cell.</summary>
    public static Panel Of(ImageF image) => new(PanelKind.Image, image);
    /// <summary>A depth cell.</summary>
    public static Panel OfDepth(DepthMap depth) => new(PanelKind.Depth, null, depth);
    /// <summary>An error cell.</summary>
    public static Panel OfError(DepthMap error) => new(PanelKind.Error, null, error);
}

/// <summary>
/// Figure grids like the paper's Fig. 2 (examples with depth) and Fig. 4 (input, ground truth, predictions, error):
/// labelled rows and columns, every depth cell on ONE colour scale and every error cell on another, each with a
/// colour bar in mm. Written as PNG.
/// </summary>
internal static class FigureGrid
{
    private const int Cell = 128, Pad = 6, Header = 22, RowLabel = 110, BarHeight = 14, BarBlock = 40;

    /// <summary>Absolute error |a − b| where both are valid (invalid elsewhere).</summary>
    public static DepthMap AbsoluteError(DepthMap estimate, DepthMap truth)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(truth);
        var e = new DepthMap(truth.Width, truth.Height);
        for (var i = 0; i < e.Millimetres.Length; i++)
            if (estimate.Valid[i] && truth.Valid[i])
            {
                e.Millimetres[i] = Math.Abs(estimate.Millimetres[i] - truth.Millimetres[i]);
                e.Valid[i] = true;
            }
        return e;
    }

    /// <summary>
    /// Draws the grid and writes it to <paramref name="path"/> (atomically). Returns the (depth, error) ranges used.
    /// </summary>
    /// <param name="path">PNG file.</param>
    /// <param name="columns">Column titles.</param>
    /// <param name="rows">Row titles and cells (a row may be shorter than the column list).</param>
    /// <param name="depthRange">Shared depth scale (mm); default: the 2nd–98th percentile of all depth cells.</param>
    public static ((double Min, double Max) Depth, double ErrorMax) Write(string path, IReadOnlyList<string> columns,
        IReadOnlyList<(string Label, IReadOnlyList<Panel> Cells)> rows, (double Min, double Max)? depthRange = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var depthValues = rows.SelectMany(r => r.Cells).Where(c => c.Kind == PanelKind.Depth && c.Depth is not null)
            .SelectMany(c => ValidValues(c.Depth!)).ToArray();
        var errorValues = rows.SelectMany(r => r.Cells).Where(c => c.Kind == PanelKind.Error && c.Depth is not null)
            .SelectMany(c => ValidValues(c.Depth!)).ToArray();
        var range = depthRange ?? (Percentile(depthValues, 0.02),
            Math.Max(Percentile(depthValues, 0.98), Percentile(depthValues, 0.02) + 1e-3));
        var errMax = Math.Max(Percentile(errorValues, 0.98), 1e-3);

        var nCols = Math.Max(columns.Count, rows.Count == 0 ? 1 : rows.Max(r => r.Cells.Count));
        var width = RowLabel + nCols * (Cell + Pad) + Pad;
        var bars = (depthValues.Length > 0 ? 1 : 0) + (errorValues.Length > 0 ? 1 : 0);
        var height = Header + rows.Count * (Cell + Pad) + Pad + bars * BarBlock;
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var c = 0; c < columns.Count; c++)
            canvas.DrawText(columns[c], RowLabel + c * (Cell + Pad) + Cell / 2f, Header - 6, SKTextAlign.Center, font,
                ink);
        for (var r = 0; r < rows.Count; r++)
        {
            var y = Header + r * (Cell + Pad);
            canvas.DrawText(rows[r].Label, 4, y + Cell / 2f + 4, SKTextAlign.Left, font, ink);
            for (var c = 0; c < rows[r].Cells.Count; c++)
            {
                using var tile = Render(rows[r].Cells[c], range, errMax);
                using var image = SKImage.FromBitmap(tile);
                var scale = Math.Min((float)Cell / tile.Width, (float)Cell / tile.Height);
                float w = tile.Width * scale, h = tile.Height * scale;
                var x0 = RowLabel + c * (Cell + Pad) + (Cell - w) / 2;
                canvas.DrawImage(image, new SKRect(x0, y + (Cell - h) / 2, x0 + w, y + (Cell - h) / 2 + h),
                    new SKSamplingOptions(SKFilterMode.Nearest));
            }
        }
        var barY = Header + rows.Count * (Cell + Pad) + Pad;
        if (depthValues.Length > 0) { DrawBar(canvas, font, ink, ColourRamp.Depth, barY, width, range.Item1,
            range.Item2, "depth (mm)"); barY += BarBlock; }
        if (errorValues.Length > 0) DrawBar(canvas, font, ink, ColourRamp.Error, barY, width, 0, errMax,
            "|error| (mm)");
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.AsSpan());
        return (range, errMax);
    }

    private static SKBitmap Render(Panel p, (double Min, double Max) range, double errMax)
    {
        if (p.Kind == PanelKind.Image)
        {
            var img = p.Image ?? throw new ArgumentException("An image panel needs an image.", nameof(p));
            var bmp = new SKBitmap(img.Width, img.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            for (var y = 0; y < img.Height; y++)
                for (var x = 0; x < img.Width; x++)
                {
                    var r = ToByte(img[x, y, 0]);
                    var g = img.Channels == 3 ? ToByte(img[x, y, 1]) : r;
                    var b = img.Channels == 3 ? ToByte(img[x, y, 2]) : r;
                    bmp.SetPixel(x, y, new SKColor(r, g, b));
                }
            return bmp;
        }
        var d = p.Depth ?? throw new ArgumentException("A depth or error panel needs a map.", nameof(p));
        var ramp = p.Kind == PanelKind.Depth ? ColourRamp.Depth : ColourRamp.Error;
        var (lo, hi) = p.Kind == PanelKind.Depth ? range : (0, errMax);
        var map = new SKBitmap(d.Width, d.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (var y = 0; y < d.Height; y++)
            for (var x = 0; x < d.Width; x++)
                map.SetPixel(x, y, d.IsValid(x, y) ? ramp.Map(d[x, y], lo, hi) : ColourRamp.Invalid);
        return map;
    }

    private static void DrawBar(SKCanvas canvas, SKFont font, SKPaint ink, ColourRamp ramp, int y, int width,
        double min, double max, string label)
    {
        var x0 = RowLabel; var x1 = width - 70;
        using var paint = new SKPaint();
        for (var x = x0; x < x1; x++)
        {
            paint.Color = ramp.Map(min + (max - min) * (x - x0) / (x1 - x0 - 1.0), min, max);
            canvas.DrawRect(x, y, 1, BarHeight, paint);
        }
        canvas.DrawText(label, 4, y + BarHeight - 2, SKTextAlign.Left, font, ink);
        canvas.DrawText(min.ToString("0.#", CultureInfo.InvariantCulture), x0, y + BarHeight + 14, SKTextAlign.Left,
            font, ink);
        canvas.DrawText(max.ToString("0.#", CultureInfo.InvariantCulture), x1, y + BarHeight + 14, SKTextAlign.Right,
            font, ink);
    }

    private static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);

    private static IEnumerable<double> ValidValues(DepthMap d)
    {
        for (var i = 0; i < d.Millimetres.Length; i++) if (d.Valid[i]) yield return d.Millimetres[i];
    }

    private static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) return 0;
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
