namespace EndoDepth.Registration.Tests;

/// <summary>Camera and poses files: bad input gets a typed error naming the file.</summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("endodepth-reg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, text);
        return p;
    }

    [Fact]
    public void A_minimal_fisheye_camera_loads()
    {
        var c = CameraFile.Load(Write("cam.json",
            "{\"model\":\"fisheye-equidistant\",\"width\":64,\"height\":48,\"fx\":30,\"fy\":30,\"cx\":32,\"cy\":24}"));
        Assert.Equal(64, c.Width);
        Assert.Equal(Geometry.ProjectionKind.EquidistantFisheye, c.Kind);
        Assert.True(c.MaxTheta > 0);
    }

    [Fact]
    public void A_camera_of_another_model_is_refused()
    {
        var path = Write("cam.json",
            "{\"model\":\"kannala-brandt\",\"width\":64,\"height\":48,\"fx\":30,\"fy\":30,\"cx\":32,\"cy\":24}");
        var e = Assert.Throws<RegistrationInputException>(() => CameraFile.Load(path));
        Assert.Contains("kannala-brandt", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData("{\"poses\": [[1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0]]}")]
    [InlineData("{\"poses\": [[2,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1]]}")]
    [InlineData("{\"poses\": [[1,0,0,0, 0,1,0,0, 0,0,-1,0, 0,0,0,1]]}")]
    [InlineData("{\"pose\": []}")]
    [InlineData("{\"poses\": [[1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1]")]
    public void Malformed_poses_are_refused(string json) =>
        Assert.Throws<RegistrationInputException>(() => PoseFile.Load(Write("poses.json", json)));

    [Fact]
    public void Poses_round_trip()
    {
        var pose = Geometry.RigidPose.LookAt(new Geometry.Float3(1, 2, 3), new Geometry.Float3(0, 5, 9),
            Geometry.Float3.UnitZ);
        var path = Path.Combine(_dir, "p.json");
        PoseFile.Save(path, [pose, pose]);
        var back = PoseFile.Load(path);
        Assert.Equal(2, back.Count);
        Assert.Equal(pose, back[1]);
    }
}
