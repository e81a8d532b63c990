using System.Globalization;
using EndoDepth.IO;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// A scan: its geometry and its projections, the line integrals p = ∫μ dl (μ in 1/mm, so p is dimensionless) as
/// float32 in views × rows × columns order. On disk a folder holds <c>projections.npy</c> (float32, shape
/// (views, rows, columns), or (views, columns) for one row) and <c>geometry.json</c> (<see cref="ScanGeometryFile"/>).
/// </summary>
public sealed class CtScan
{
    /// <summary>File name of the projections in a scan folder.</summary>
    public const string ProjectionsFileName = "projections.npy";

    /// <summary>File name of the geometry in a scan folder.</summary>
    public const string GeometryFileName = "geometry.json";

    /// <summary>Wraps <paramref name="values"/> (not copied) after checking them against the geometry.</summary>
    /// <exception cref="ArgumentException">Invalid geometry.</exception>
    /// <exception cref="ProjectionDataException">Wrong number of values, or a NaN or infinite value.</exception>
    public CtScan(ScanGeometry geometry, float[] values) : this(geometry, values, "(memory)") { }

    private CtScan(ScanGeometry geometry, float[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(values);
        geometry.Validate();
        if (values.LongLength != geometry.ValueCount)
            throw new ProjectionDataException(name, string.Create(CultureInfo.InvariantCulture,
                $"{values.LongLength} values, but the geometry has {geometry.Views} views × {geometry.DetectorRows} " +
                $"rows × {geometry.DetectorColumns} columns = {geometry.ValueCount}"));
        for (var n = 0; n < values.Length; n++)
            if (!float.IsFinite(values[n]))
                throw new ProjectionDataException(name, string.Create(CultureInfo.InvariantCulture,
                    $"value {values[n]} at view {n / (geometry.DetectorRows * geometry.DetectorColumns)}, row " +
                    $"{n / geometry.DetectorColumns % geometry.DetectorRows}, column {n % geometry.DetectorColumns}"));
        Geometry = geometry;
        Values = values;
    }

    /// <summary>The scan geometry.</summary>
    public ScanGeometry Geometry { get; }

    /// <summary>Line integrals, views × rows × columns (C order).</summary>
    public float[] Values { get; }

    /// <summary>Loads <c>projections.npy</c> and <c>geometry.json</c> from <paramref name="folder"/>.</summary>
    /// <exception cref="ScanGeometryException">Bad geometry file.</exception>
    /// <exception cref="NpyFormatException">Malformed .npy file.</exception>
    /// <exception cref="ProjectionDataException">Shape not matching the geometry, or NaN/∞ values.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static CtScan Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such scan folder");
        return Load(Path.Combine(folder, ProjectionsFileName), Path.Combine(folder, GeometryFileName));
    }

    /// <summary>Loads projections and their geometry from two files.</summary>
    /// <exception cref="ScanGeometryException">Bad geometry file.</exception>
    /// <exception cref="NpyFormatException">Malformed .npy file.</exception>
    /// <exception cref="ProjectionDataException">Shape not matching the geometry, or NaN/∞ values.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static CtScan Load(string projectionsPath, string geometryPath)
    {
        var geometry = ScanGeometryFile.Read(geometryPath);
        if (!File.Exists(projectionsPath))
            throw new FileNotFoundException($"{projectionsPath}: no such projections file", projectionsPath);
        var array = NpyFile.Read(projectionsPath);
        var shape = array.Shape;
        var expected = geometry.DetectorRows == 1
            ? shape.Count is 2 or 3 && shape[0] == geometry.Views && shape[^1] == geometry.DetectorColumns
                && (shape.Count == 2 || shape[1] == 1)
            : shape.Count == 3 && shape[0] == geometry.Views && shape[1] == geometry.DetectorRows
                && shape[2] == geometry.DetectorColumns;
        if (!expected)
            throw new ProjectionDataException(projectionsPath, string.Create(CultureInfo.InvariantCulture,
                $"shape ({string.Join(", ", shape)}) does not match the geometry's {geometry.Views} views × " +
                $"{geometry.DetectorRows} rows × {geometry.DetectorColumns} columns ({geometryPath})"));
        return new CtScan(geometry, array.ToFloat32(), projectionsPath);
    }

    /// <summary>Writes <c>projections.npy</c> (views, rows, columns) and <c>geometry.json</c> into
    /// <paramref name="folder"/> (created if needed), each atomically.</summary>
    public void Save(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        NpyFile.WriteFloat32(Path.Combine(folder, ProjectionsFileName), Values,
            [Geometry.Views, Geometry.DetectorRows, Geometry.DetectorColumns]);
        ScanGeometryFile.Write(Path.Combine(folder, GeometryFileName), Geometry);
    }
}
