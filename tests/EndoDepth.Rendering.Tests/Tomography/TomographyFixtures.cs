namespace EndoDepth.Rendering.Tests.Tomography;

/// <summary>Finds tests/fixtures/tomography (written by make_tomography_fixtures.py) above the test assembly.</summary>
internal static class TomographyFixtures
{
    /// <summary>Full path of a file in tests/fixtures/tomography.</summary>
    public static string Path(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var f = System.IO.Path.Combine(d.FullName, "tests", "fixtures", "tomography");
            if (Directory.Exists(f)) return System.IO.Path.Combine(f, name);
        }
        throw new DirectoryNotFoundException("tests/fixtures/tomography not found above " + AppContext.BaseDirectory);
    }
}
