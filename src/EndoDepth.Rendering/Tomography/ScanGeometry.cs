using System.Globalization;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// A circular CT scan: the beam, the view angles and the flat detector. Coordinates (mm) are those of the scanned grid:
/// x along its columns (i), y along its rows (j), z along its slices (k) and the rotation axis, with the isocentre at
/// the origin. At view angle β the central ray runs along d = (sin β, cos β, 0), the detector's column axis is
/// e_u = (cos β, −sin β, 0) and its row axis e_v = (0, 0, 1) (scikit-image's <c>radon</c> convention, so that
/// β = θ gives its detector coordinate u = x cos θ − y sin θ). A fan or cone source sits at −D_so·d and the detector
/// centre at (D_sd − D_so)·d. Detector column c, row r lie at u = (c − (C − 1)/2)·pitch_u + offset_u and
/// v = (r − (R − 1)/2)·pitch_v + offset_v. Build with <see cref="Parallel"/>, <see cref="Fan"/> or <see cref="Cone"/>;
/// stored as JSON by <see cref="ScanGeometryFile"/> (docs/tomography.md).
/// </summary>
public sealed record ScanGeometry
{
    /// <summary>The beam.</summary>
    public BeamKind Beam { get; init; }

    /// <summary>View angles β in degrees, one per projection. Fan and cone reconstruction assume equally spaced views
    /// over a full circle; parallel over 180° or 360°.</summary>
    public IReadOnlyList<double> AnglesDegrees { get; init; } = [];

    /// <summary>Detector columns (along e_u).</summary>
    public int DetectorColumns { get; init; }

    /// <summary>Detector rows (along the rotation axis); 1 for a 2-D fan or parallel scan.</summary>
    public int DetectorRows { get; init; } = 1;

    /// <summary>Detector pixel pitch along the columns (mm).</summary>
    public double PixelPitchUMm { get; init; } = 1;

    /// <summary>Detector pixel pitch along the rows (mm).</summary>
    public double PixelPitchVMm { get; init; } = 1;

    /// <summary>Detector centre's shift along e_u (mm).</summary>
    public double OffsetUMm { get; init; }

    /// <summary>Detector centre's shift along the rotation axis (mm).</summary>
    public double OffsetVMm { get; init; }

    /// <summary>Source–isocentre distance D_so (mm); 0 for a parallel beam.</summary>
    public double SourceIsocentreMm { get; init; }

    /// <summary>Source–detector distance D_sd (mm); 0 for a parallel beam.</summary>
    public double SourceDetectorMm { get; init; }

    /// <summary>Number of views (projections).</summary>
    public int Views => AnglesDegrees.Count;

    /// <summary>Values in one projection stack: views × rows × columns.</summary>
    public long ValueCount => (long)Views * DetectorRows * DetectorColumns;

    /// <summary>A parallel-beam scan (2-D when <paramref name="rows"/> is 1; otherwise a stack of slices).</summary>
    public static ScanGeometry Parallel(int columns, IReadOnlyList<double> anglesDegrees, double pitchMm = 1,
        double offsetMm = 0, int rows = 1) =>
        new()
        {
            Beam = BeamKind.Parallel, AnglesDegrees = anglesDegrees, DetectorColumns = columns, DetectorRows = rows,
            PixelPitchUMm = pitchMm, PixelPitchVMm = pitchMm, OffsetUMm = offsetMm,
        };

    /// <summary>A 2-D fan-beam scan on a flat detector row.</summary>
    public static ScanGeometry Fan(int columns, IReadOnlyList<double> anglesDegrees, double sourceIsocentreMm,
        double sourceDetectorMm, double pitchMm = 1, double offsetMm = 0) =>
        new()
        {
            Beam = BeamKind.Fan, AnglesDegrees = anglesDegrees, DetectorColumns = columns, DetectorRows = 1,
            PixelPitchUMm = pitchMm, PixelPitchVMm = pitchMm, OffsetUMm = offsetMm,
            SourceIsocentreMm = sourceIsocentreMm, SourceDetectorMm = sourceDetectorMm,
        };

    /// <summary>A circular cone-beam scan on a flat detector.</summary>
    public static ScanGeometry Cone(int columns, int rows, IReadOnlyList<double> anglesDegrees,
        double sourceIsocentreMm, double sourceDetectorMm, double pitchUMm = 1, double pitchVMm = 1,
        double offsetUMm = 0, double offsetVMm = 0) =>
        new()
        {
            Beam = BeamKind.Cone, AnglesDegrees = anglesDegrees, DetectorColumns = columns, DetectorRows = rows,
            PixelPitchUMm = pitchUMm, PixelPitchVMm = pitchVMm, OffsetUMm = offsetUMm, OffsetVMm = offsetVMm,
            SourceIsocentreMm = sourceIsocentreMm, SourceDetectorMm = sourceDetectorMm,
        };

    /// <summary><paramref name="views"/> equally spaced angles over [0°, <paramref name="arcDegrees"/>)
    /// (360° for fan and cone beams, 180° suffices for parallel).</summary>
    public static double[] EvenlySpacedAngles(int views, double arcDegrees = 360)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        var a = new double[views];
        for (var n = 0; n < views; n++) a[n] = arcDegrees * n / views;
        return a;
    }

    /// <summary>
    /// A scan whose detector sees all of <paramref name="volume"/>, centred on the isocentre, from every view: views
    /// equally spaced over 180° (parallel) or 360° (fan, cone); for fan and cone beams D_so = 2·w and D_sd = 4·w, with w
    /// the diagonal of the volume's x–y extent; the pitch makes the detector 5 % wider (and, with several rows, taller)
    /// than the largest magnified extent. One row scans the plane z = 0 through the volume's centre.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 1 view, 2 columns or 1 row, or a fan beam with several
    /// rows.</exception>
    public static ScanGeometry Covering(Volumes.CtVolume volume, BeamKind beam, int views, int columns, int rows = 1)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (views < 1 || columns < 2 || rows < 1 || (beam == BeamKind.Fan && rows != 1) || !Enum.IsDefined(beam))
            throw new ArgumentException($"A {beam} scan needs ≥ 1 view, ≥ 2 columns and ≥ 1 row (exactly 1 for a " +
                $"fan), got {views} views of {columns}×{rows}.");
        var width = Math.Sqrt(Math.Pow(volume.Nx * (double)volume.Spacing.X, 2)
            + Math.Pow(volume.Ny * (double)volume.Spacing.Y, 2));
        var height = volume.Nz * (double)volume.Spacing.Z;
        if (beam == BeamKind.Parallel)
        {
            var pitch = 1.05 * width / columns;
            return Parallel(columns, EvenlySpacedAngles(views, 180), pitch, 0, rows) with
            {
                PixelPitchVMm = rows == 1 ? pitch : 1.05 * height / rows,
            };
        }
        var so = 2 * width;
        var sd = 4 * width;
        var magnification = sd / (so - width / 2);
        var pitchU = 1.05 * magnification * width / columns;
        var pitchV = rows == 1 ? pitchU : 1.05 * magnification * height / rows;
        return beam == BeamKind.Fan
            ? Fan(columns, EvenlySpacedAngles(views), so, sd, pitchU)
            : Cone(columns, rows, EvenlySpacedAngles(views), so, sd, pitchU, pitchV);
    }

    /// <summary>Largest number of values in one projection stack.</summary>
    public const long MaxValues = 1L << 30;

    /// <summary>Throws unless the geometry describes a scan.</summary>
    /// <exception cref="ArgumentException">The message names the field and the problem.</exception>
    public void Validate()
    {
        if (FindProblem() is { } p) throw new ArgumentException($"Scan geometry field '{p.Field}': {p.Problem}");
    }

    /// <summary>The first problem (JSON field name and message), or null.</summary>
    internal (string Field, string Problem)? FindProblem()
    {
        if (!Enum.IsDefined(Beam)) return ("beam", $"unknown beam {Beam}");
        if (AnglesDegrees is null || AnglesDegrees.Count == 0) return ("anglesDegrees", "no views");
        for (var n = 0; n < AnglesDegrees.Count; n++)
            if (!double.IsFinite(AnglesDegrees[n]))
                return ("anglesDegrees", string.Create(CultureInfo.InvariantCulture, $"angle {n} is not finite"));
        if (DetectorColumns < 2) return ("detectorColumns", "needs at least 2 columns");
        if (DetectorRows < 1) return ("detectorRows", "needs at least 1 row");
        if (Beam == BeamKind.Fan && DetectorRows != 1) return ("detectorRows", "a fan beam has exactly 1 row");
        if (ValueCount > MaxValues)
            return ("detectorColumns", $"views × rows × columns = {ValueCount} exceeds {MaxValues}");
        if (!(PixelPitchUMm > 0) || !double.IsFinite(PixelPitchUMm)) return ("pixelPitchUMm", "must be positive");
        if (!(PixelPitchVMm > 0) || !double.IsFinite(PixelPitchVMm)) return ("pixelPitchVMm", "must be positive");
        if (!double.IsFinite(OffsetUMm)) return ("offsetUMm", "must be finite");
        if (!double.IsFinite(OffsetVMm)) return ("offsetVMm", "must be finite");
        if (Beam == BeamKind.Parallel) return null;
        if (!(SourceIsocentreMm > 0) || !double.IsFinite(SourceIsocentreMm))
            return ("sourceIsocentreMm", "must be positive");
        if (!(SourceDetectorMm > SourceIsocentreMm) || !double.IsFinite(SourceDetectorMm))
            return ("sourceDetectorMm", "must exceed sourceIsocentreMm");
        return null;
    }

    /// <summary>The kernel-side description (floats).</summary>
    internal ScanParams ToParams() => new()
    {
        Beam = (int)Beam, Columns = DetectorColumns, Rows = DetectorRows,
        PitchU = (float)PixelPitchUMm, PitchV = (float)PixelPitchVMm,
        OffsetU = (float)OffsetUMm, OffsetV = (float)OffsetVMm,
        SourceIsocentre = (float)SourceIsocentreMm, SourceDetector = (float)SourceDetectorMm,
    };

    /// <summary>cos β and sin β per view.</summary>
    internal (float[] Cos, float[] Sin) Trigonometry()
    {
        var c = new float[Views];
        var s = new float[Views];
        for (var n = 0; n < Views; n++)
        {
            var b = AnglesDegrees[n] * Math.PI / 180;
            c[n] = (float)Math.Cos(b);
            s[n] = (float)Math.Sin(b);
        }
        return (c, s);
    }
}

/// <summary>A <see cref="ScanGeometry"/> as kernel parameters (value type).</summary>
internal struct ScanParams
{
    /// <summary><see cref="BeamKind"/> as an int.</summary>
    public int Beam;
    /// <summary>Detector columns.</summary>
    public int Columns;
    /// <summary>Detector rows.</summary>
    public int Rows;
    /// <summary>Column pitch (mm).</summary>
    public float PitchU;
    /// <summary>Row pitch (mm).</summary>
    public float PitchV;
    /// <summary>Column offset (mm).</summary>
    public float OffsetU;
    /// <summary>Row offset (mm).</summary>
    public float OffsetV;
    /// <summary>D_so (mm).</summary>
    public float SourceIsocentre;
    /// <summary>D_sd (mm).</summary>
    public float SourceDetector;
}
