using EndoDepth.Geometry;
using EndoDepth.IO.Dicom;

namespace EndoDepth.Volumes;

/// <summary>
/// Builds a <see cref="CtVolume"/> from the slices of one DICOM series: checks that the files agree on image size,
/// orientation and pixel spacing, sorts the slices by Image Position (Patient) projected on the slice normal
/// n = row × column direction, takes the slice spacing from those positions (never from Slice Thickness), refuses
/// uneven gaps, duplicate positions and gantry tilt, and reads the pixel data one slice at a time into the volume.
/// </summary>
internal static class SliceStackAssembler
{
    private readonly record struct Placed(DicomSlice Slice, Float3 Position, double Distance);

    /// <summary>The volume of <paramref name="slices"/>, with the slices' names in volume order.</summary>
    /// <param name="slices">The slices, in any order.</param>
    /// <param name="options">Tolerances on orientation and spacing.</param>
    /// <param name="progress">Receives the fraction of slices read (0..1).</param>
    /// <param name="cancellationToken">Cancels between slices.</param>
    /// <param name="openPixels">Opens the stream holding a file's pixel data (the file itself when null).</param>
    /// <exception cref="DicomFormatException">Undecodable, inconsistent or irregular slices.</exception>
    public static (CtVolume Volume, IReadOnlyList<string> SliceNames) Assemble(IReadOnlyList<DicomSlice> slices,
        DicomSeriesOptions options, IProgress<double>? progress, CancellationToken cancellationToken,
        Func<DicomImageInfo, Stream>? openPixels = null)
    {
        if (slices.Count == 0) throw new ArgumentException("A volume needs at least one slice.", nameof(slices));
        var files = slices.Select(s => s.Info).Distinct(ReferenceEqualityComparer.Instance).Cast<DicomImageInfo>()
            .ToList();
        foreach (var f in files) DicomPixelDecoder.Validate(f);
        var first = files[0];
        CheckConsistent(files, options);
        var (row, col, normal) = Axes(first, slices.Count);
        var placed = Place(slices, normal);
        var dz = SliceSpacing(placed, first, normal, options);

        var (sx, sy) = first.PixelSpacing is { } ps ? ((float)ps.Column, (float)ps.Row) : (1f, 1f);
        var spacing = new Float3(sx, sy, dz);
        int nx = first.Columns, ny = first.Rows, nz = placed.Count;
        try { CtVolume.Validate(nx, ny, nz, spacing); }
        catch (ArgumentOutOfRangeException e) { throw new DicomFormatException(first.Path, e.Message, null, e); }

        var builder = new HuVolumeBuilder((long)nx * ny * nz, first.Path);
        ReadPixels(placed, files, builder, openPixels ?? DicomPixelDecoder.OpenPixelStream, progress,
            cancellationToken);
        var volume = builder.Build(nx, ny, nz, spacing, placed[0].Position, row, col, normal);
        return (volume, placed.Select(p => p.Slice.Name).ToList());
    }

    /// <summary>Same image size, orientation and pixel spacing in every file.</summary>
    private static void CheckConsistent(List<DicomImageInfo> files, DicomSeriesOptions options)
    {
        var first = files[0];
        foreach (var f in files)
        {
            if (f.Rows != first.Rows || f.Columns != first.Columns)
                throw Inconsistent(first, f,
                    $"mixed image sizes: {first.Columns}×{first.Rows} and {f.Columns}×{f.Rows}");
            if (!SameDirection(first.RowDirection, f.RowDirection, options.OrientationTolerance)
                || !SameDirection(first.ColumnDirection, f.ColumnDirection, options.OrientationTolerance))
                throw Inconsistent(first, f, "mixed Image Orientation (Patient): "
                    + $"{first.RowDirection}/{first.ColumnDirection} and {f.RowDirection}/{f.ColumnDirection}");
            if (first.PixelSpacing is { } a && f.PixelSpacing is { } b
                    ? Math.Abs(a.Column - b.Column) > 1e-3 * a.Column || Math.Abs(a.Row - b.Row) > 1e-3 * a.Row
                    : first.PixelSpacing.HasValue != f.PixelSpacing.HasValue)
                throw Inconsistent(first, f, $"mixed Pixel Spacing: {first.PixelSpacing} and {f.PixelSpacing}");
        }
    }

    /// <summary>The row, column and normal directions of the series (the volume's i, j and k axes).</summary>
    private static (Float3 Row, Float3 Column, Float3 Normal) Axes(DicomImageInfo first, int sliceCount)
    {
        var row = first.RowDirection ?? Float3.UnitX;
        var col = first.ColumnDirection ?? Float3.UnitY;
        if (sliceCount > 1 && first.RowDirection is null)
            throw new DicomFormatException(first.Path,
                "no Image Orientation (Patient): the slices of a series cannot be placed");
        var normal = Float3.Normalize(Float3.Cross(row, col));
        if (!(Math.Abs(Float3.Dot(row, col)) < 1e-3) || !float.IsFinite(normal.X))
            throw new DicomFormatException(first.Path,
                $"Image Orientation (Patient) {row}/{col} is not two orthogonal unit vectors");
        return (row, col, normal);
    }

    /// <summary>The slices sorted along the normal (ties by Instance Number, then frame).</summary>
    private static List<Placed> Place(IReadOnlyList<DicomSlice> slices, Float3 normal)
    {
        var placed = new List<Placed>(slices.Count);
        foreach (var s in slices)
        {
            if (s.Position is not { } p)
            {
                if (slices.Count > 1)
                    throw new DicomFormatException(s.Info.Path,
                        "no Image Position (Patient) for each frame: the slices cannot be ordered");
                placed.Add(new Placed(s, default, 0));
                continue;
            }
            placed.Add(new Placed(s, p, Float3.Dot(p, normal)));
        }
        placed.Sort((x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance)
            : Instance(x) != Instance(y) ? Instance(x).CompareTo(Instance(y))
            : x.Slice.Frame.CompareTo(y.Slice.Frame));
        return placed;
    }

    private static int Instance(Placed p) => p.Slice.Info.InstanceNumber ?? 0;

    /// <summary>
    /// The mean gap between sorted slices, after checking that the slices form a regular, untilted stack.
    /// </summary>
    private static float SliceSpacing(List<Placed> placed, DicomImageInfo first, Float3 normal,
        DicomSeriesOptions options)
    {
        if (placed.Count == 1) return (float)(first.SpacingBetweenSlices ?? first.SliceThickness ?? 1.0);
        var span = placed[^1].Distance - placed[0].Distance;
        var mean = span / (placed.Count - 1);
        for (var n = 1; n < placed.Count; n++)
        {
            var gap = placed[n].Distance - placed[n - 1].Distance;
            if (gap < Math.Max(1e-3, 1e-3 * mean))
                throw new DicomFormatException(Name(placed[n - 1]),
                    $"duplicate slice position {placed[n].Position} (gap {gap:G4} mm) shared with {Name(placed[n])}");
        }
        // Judge each gap against the median gap (which one odd gap cannot move, as it moves the mean) and report the
        // worst one, so the message names the files around the real hole or overlap.
        var gaps = Enumerable.Range(1, placed.Count - 1).Select(n => placed[n].Distance - placed[n - 1].Distance)
            .ToArray();
        var median = gaps.Order().ElementAt(gaps.Length / 2);
        var tol = Math.Max(0.01, options.SpacingTolerance * median);
        var worst = Enumerable.Range(0, gaps.Length).MaxBy(n => Math.Abs(gaps[n] - median));
        if (Math.Abs(gaps[worst] - median) > tol)
            throw new DicomFormatException(Name(placed[worst]),
                $"uneven slice spacing: gap of {gaps[worst]:G6} mm to {Name(placed[worst + 1])}, "
                + $"the series' other gaps are {median:G6} mm (tolerance {tol:G3} mm)");
        var travel = placed[^1].Position - placed[0].Position;
        var inPlane = travel - normal * Float3.Dot(travel, normal);
        if (inPlane.Length > options.OrientationTolerance * Math.Abs(span) + 0.01)
            throw new DicomFormatException(Name(placed[0]),
                $"gantry tilt or sheared series: the slices drift {inPlane.Length:G4} mm in-plane over {span:G4} mm "
                + $"through-plane (to {Name(placed[^1])}); resample it first");
        return (float)mean;
    }

    /// <summary>Decodes each slice in volume order into <paramref name="builder"/>, one open file at a time.</summary>
    private static void ReadPixels(List<Placed> placed, List<DicomImageInfo> files, HuVolumeBuilder builder,
        Func<DicomImageInfo, Stream> openPixels, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var sliceVoxels = files[0].Columns * files[0].Rows;
        var buffer = new byte[files.Max(f => f.FrameBytes)];
        var raw = new int[sliceVoxels];
        Stream? open = null;
        DicomImageInfo? openInfo = null;
        try
        {
            for (var k = 0; k < placed.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = placed[k].Slice;
                if (!ReferenceEquals(openInfo, s.Info))
                {
                    open?.Dispose();
                    open = openPixels(s.Info);
                    openInfo = s.Info;
                }
                var (slope, intercept) = DicomPixelDecoder.DecodeFrame(s.Info, open!, s.Frame, buffer, raw);
                builder.SetSlice((long)k * sliceVoxels, raw, slope, intercept);
                progress?.Report((k + 1.0) / placed.Count);
            }
        }
        finally { open?.Dispose(); }
    }

    private static string Name(Placed p) => p.Slice.Name;

    private static bool SameDirection(Float3? a, Float3? b, double tol) =>
        a is null ? b is null : b is not null && (a.Value - b.Value).Length <= tol;

    private static DicomFormatException Inconsistent(DicomImageInfo a, DicomImageInfo b, string problem) =>
        new(b.Path, $"inconsistent series {a.SeriesInstanceUid}: {problem} (first seen in {a.Path})");
}
