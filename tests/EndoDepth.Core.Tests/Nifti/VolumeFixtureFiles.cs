using System.Text.Json;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.Volumes;

namespace EndoDepth.Core.Tests.Nifti;

/// <summary>
/// Locates tests/fixtures and compares volumes with what the fixture scripts computed (numpy, pydicom).
/// </summary>
internal static class VolumeFixtureFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, "tests", "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "EndoDepth.sln"))) return d.FullName;
        throw new InvalidOperationException("EndoDepth.sln not found above the test binaries.");
    }

    /// <summary>Asserts that <paramref name="v"/> holds the (k, j, i) array of <paramref name="npyPath"/>.</summary>
    public static void AssertVoxels(string npyPath, CtVolume v, double tolerance = 0)
    {
        var expected = NpyFile.Read(npyPath);
        var shape = expected.Shape;
        Assert.Equal(3, shape.Count);
        Assert.Equal([shape[2], shape[1], shape[0]], new long[] { v.Nx, v.Ny, v.Nz });
        var n = 0;
        for (var k = 0; k < v.Nz; k++)
            for (var j = 0; j < v.Ny; j++)
                for (var i = 0; i < v.Nx; i++, n++)
                {
                    var want = expected.Values[n];
                    var tol = Math.Max(tolerance, Math.Abs(want) * 1e-6);
                    if (Math.Abs(v[i, j, k] - want) > tol)
                        Assert.Fail($"voxel ({i}, {j}, {k}): expected {want}, got {v[i, j, k]}");
                }
    }

    /// <summary>Asserts spacing, origin and directions against a fixture's expected JSON.</summary>
    public static void AssertGeometry(string jsonPath, CtVolume v, float tolerance = 1e-4f)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var r = doc.RootElement;
        AssertClose(Vec(r, "spacing"), v.Spacing, tolerance, "spacing");
        AssertClose(Vec(r, "origin"), v.Origin, tolerance, "origin");
        AssertClose(Vec(r, "i"), v.DirectionI, tolerance, "direction i");
        AssertClose(Vec(r, "j"), v.DirectionJ, tolerance, "direction j");
        AssertClose(Vec(r, "k"), v.DirectionK, tolerance, "direction k");
    }

    public static Float3 Vec(JsonElement r, string name)
    {
        var a = r.GetProperty(name);
        return new Float3(a[0].GetSingle(), a[1].GetSingle(), a[2].GetSingle());
    }

    public static void AssertClose(Float3 want, Float3 got, float tol, string what)
    {
        if ((want - got).Length > tol * Math.Max(1, want.Length)) Assert.Fail($"{what}: expected {want}, got {got}");
    }
}
