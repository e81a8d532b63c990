using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.IO.Dicom;

/// <summary>Orders the slices of one series (files × frames), checks that they form a regular grid, and reads them.</summary>
internal static class DicomVolumeAssembler
{
    private readonly record struct Slice(DicomImageInfo Info, int Frame, Float3 Position, double Distance);

    public static (CtVolume Volume, IReadOnlyList<string> SliceFiles) Assemble(IReadOnlyList<DicomImageInfo> files, DicomSeriesOptions options,
        IProgress<double>? progress, CancellationToken cancellationToken, Func<DicomImageInfo, Stream>? openPixels = null)
    {
        openPixels ??= DicomPixelDecoder.OpenPixelStream;
        foreach (var f in files) DicomPixelDecoder.Validate(f);
        var first = files[0];
        var totalFrames = files.Sum(f => (long)f.Frames);

        // Same image size, orientation and pixel spacing everywhere.
        foreach (var f in files)
        {
            if (f.Rows != first.Rows || f.Columns != first.Columns)
                throw Inconsistent(first, f, $"mixed image sizes: {first.Columns}×{first.Rows} and {f.Columns}×{f.Rows}");
            if (!SameDirection(first.RowDirection, f.RowDirection, options.OrientationTolerance)
                || !SameDirection(first.ColumnDirection, f.ColumnDirection, options.OrientationTolerance))
                throw Inconsistent(first, f, $"mixed Image Orientation (Patient): {first.RowDirection}/{first.ColumnDirection} and {f.RowDirection}/{f.ColumnDirection}");
            if (first.PixelSpacing is { } a && f.PixelSpacing is { } b
                    ? Math.Abs(a.Column - b.Column) > 1e-3 * a.Column || Math.Abs(a.Row - b.Row) > 1e-3 * a.Row
                    : first.PixelSpacing.HasValue != f.PixelSpacing.HasValue)
                throw Inconsistent(first, f, $"mixed Pixel Spacing: {first.PixelSpacing} and {f.PixelSpacing}");
        }

        var row = first.RowDirection ?? Float3.UnitX;
        var col = first.ColumnDirection ?? Float3.UnitY;
        if (totalFrames > 1 && first.RowDirection is null)
            throw new DicomFormatException(first.Path, "no Image Orientation (Patient): the slices of a series cannot be placed");
        var normal = Float3.Normalize(Float3.Cross(row, col));
        if (!(Math.Abs(Float3.Dot(row, col)) < 1e-3) || !float.IsFinite(normal.X))
            throw new DicomFormatException(first.Path, $"Image Orientation (Patient) {row}/{col} is not two orthogonal unit vectors");

        var slices = new List<Slice>();
        foreach (var f in files)
        {
            if (f.FramePositions is null || f.FramePositions.Count != f.Frames)
            {
                if (totalFrames > 1) throw new DicomFormatException(f.Path, "no Image Position (Patient) for each frame: the slices cannot be ordered");
                slices.Add(new Slice(f, 0, default, 0));
                continue;
            }
            for (var k = 0; k < f.Frames; k++)
                slices.Add(new Slice(f, k, f.FramePositions[k], Float3.Dot(f.FramePositions[k], normal)));
        }
        slices.Sort((x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance)
            : (x.Info.InstanceNumber ?? 0) != (y.Info.InstanceNumber ?? 0) ? (x.Info.InstanceNumber ?? 0).CompareTo(y.Info.InstanceNumber ?? 0)
            : x.Frame.CompareTo(y.Frame));

        float dz;
        if (slices.Count == 1) dz = (float)(first.SpacingBetweenSlices ?? first.SliceThickness ?? 1.0);
        else
        {
            var span = slices[^1].Distance - slices[0].Distance;
            var mean = span / (slices.Count - 1);
            var tol = Math.Max(0.01, options.SpacingTolerance * mean);
            for (var n = 1; n < slices.Count; n++)
            {
                var gap = slices[n].Distance - slices[n - 1].Distance;
                if (gap < Math.Max(1e-3, 1e-3 * mean))
                    throw new DicomFormatException(Name(slices[n - 1]), $"duplicate slice position {slices[n].Position} (gap {gap:G4} mm) shared with {Name(slices[n])}");
            }
            for (var n = 1; n < slices.Count; n++)
            {
                var gap = slices[n].Distance - slices[n - 1].Distance;
                if (Math.Abs(gap - mean) > tol)
                    throw new DicomFormatException(Name(slices[n - 1]), $"uneven slice spacing: gap of {gap:G6} mm to {Name(slices[n])}, the series mean is {mean:G6} mm (tolerance {tol:G3} mm)");
            }
            var travel = slices[^1].Position - slices[0].Position;
            var inPlane = travel - normal * Float3.Dot(travel, normal);
            if (inPlane.Length > options.OrientationTolerance * Math.Abs(span) + 0.01)
                throw new DicomFormatException(Name(slices[0]), $"gantry tilt or sheared series: the slices drift {inPlane.Length:G4} mm in-plane over {span:G4} mm through-plane (to {Name(slices[^1])}); resample it first");
            dz = (float)mean;
        }

        var (sx, sy) = first.PixelSpacing is { } ps ? ((float)ps.Column, (float)ps.Row) : (1f, 1f);
        var spacing = new Float3(sx, sy, dz);
        var nx = first.Columns; var ny = first.Rows; var nz = slices.Count;
        try { CtVolume.Validate(nx, ny, nz, spacing); }
        catch (ArgumentOutOfRangeException e) { throw new DicomFormatException(first.Path, e.Message, null, e); }

        var builder = new HuVolumeBuilder((long)nx * ny * nz);
        var sliceVoxels = nx * ny;
        var maxFrameBytes = files.Max(f => f.FrameBytes);
        var buffer = new byte[maxFrameBytes];
        var raw = new int[sliceVoxels];
        Stream? open = null;
        DicomImageInfo? openInfo = null;
        try
        {
            for (var k = 0; k < nz; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = slices[k];
                if (!ReferenceEquals(openInfo, s.Info))
                {
                    open?.Dispose();
                    open = openPixels(s.Info);
                    openInfo = s.Info;
                }
                DicomPixelDecoder.DecodeFrame(s.Info, open!, s.Frame, buffer, raw, builder, (long)k * sliceVoxels);
                progress?.Report((k + 1.0) / nz);
            }
        }
        finally { open?.Dispose(); }

        var volume = builder.Build(nx, ny, nz, spacing, slices[0].Position, row, col, normal);
        return (volume, slices.Select(Name).ToList());
    }

    private static string Name(Slice s) => s.Info.Frames > 1 ? $"{s.Info.Path} [frame {s.Frame + 1}]" : s.Info.Path;

    private static bool SameDirection(Float3? a, Float3? b, double tol) =>
        a is null ? b is null : b is not null && (a.Value - b.Value).Length <= tol;

    private static DicomFormatException Inconsistent(DicomImageInfo a, DicomImageInfo b, string problem) =>
        new(b.Path, $"inconsistent series {a.SeriesInstanceUid}: {problem} (first seen in {a.Path})");
}
