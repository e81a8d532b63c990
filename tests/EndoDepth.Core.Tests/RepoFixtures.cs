namespace EndoDepth.Core.Tests;

/// <summary>Finds the committed fixtures (tests/fixtures/…) by walking up from the test assembly's folder.</summary>
internal static class RepoFixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var f = Path.Combine(d.FullName, "tests", "fixtures");
            if (Directory.Exists(f)) return f;
        }
        throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
    });

    /// <summary>Full path of a file under tests/fixtures/numpy (written by make_fixtures.py).</summary>
    public static string Numpy(params string[] parts) => Path.Combine([Root.Value, "numpy", .. parts]);

    /// <summary>Full path of a file under tests/fixtures/cameras (written by make_camera_fixtures.py).</summary>
    public static string Cameras(string name) => Path.Combine(Root.Value, "cameras", name);
    /// <summary>Full path of a file under tests/fixtures/quality (written by make_quality_fixtures.py).</summary>
    public static string Quality(string name) => Path.Combine(Root.Value, "quality", name);

    /// <summary>Full path of a file under tests/fixtures/images (written by make_image_fixtures.py).</summary>
    public static string Images(string name) => Path.Combine(Root.Value, "images", name);
}
