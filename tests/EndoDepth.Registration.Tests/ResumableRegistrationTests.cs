using System.Text.Json;
using EndoDepth.Datasets;
using EndoDepth.Geometry;
using EndoDepth.IO;

namespace EndoDepth.Registration.Tests;

/// <summary>`register` is resumable: a run interrupted after some frames, run again, keeps those frames and ends with
/// the same folder as an uninterrupted run.</summary>
public sealed class ResumableRegistrationTests(TinyPhantom fixture) : IClassFixture<TinyPhantom>, IDisposable
{
    private static readonly CameraModel Camera = CameraModel.Fisheye(24, 24, 140f);

    // Small and quick: one 24-px level, a short ES and one refinement step per frame.
    private static readonly RegistrationSettings Settings = new()
    {
        Width = 24, Levels = 1, Evolution = new(InitialStep: 0.1, MinStep: 0.05, MaxEvaluations: 60),
        Refinement = new() { MaxIterations = 1 },
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("endodepth-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_interrupted_run_resumes_after_the_frames_it_registered_and_equals_an_uninterrupted_one()
    {
        var (frames, camera, poses) = WriteInputs();
        var whole = new DatasetFolder(Path.Combine(_dir, "whole"));
        var expected = RegisteredDataset.Write(fixture.Ct, frames, camera, poses, whole, Settings, 5, fixture.Device);
        Assert.Contains(expected, r => r.Converged); // the comparison covers items, not only reports

        // Interrupted once frame 1 is done (its item and state record are written before progress reports it).
        var resumed = new DatasetFolder(Path.Combine(_dir, "resumed"));
        using var cancel = new CancellationTokenSource();
        var done = new Progress(n => { if (n == 2) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => RegisteredDataset.Write(fixture.Ct, frames, camera, poses,
            resumed, Settings, 5, fixture.Device, done, cancel.Token));
        var state = Enumerable.Range(0, 3)
            .Select(i => resumed.Resolve($"{RegisteredDataset.FramesStateFolder}/frame{i}.json")).ToArray();
        Assert.True(File.Exists(state[0]) && File.Exists(state[1]));
        Assert.False(File.Exists(state[2]));
        var kept = state[..2].Select(File.GetLastWriteTimeUtc).ToArray();
        Thread.Sleep(20);

        var results = RegisteredDataset.Write(fixture.Ct, frames, camera, poses, resumed, Settings, 5, fixture.Device);
        Assert.Equal(kept, state[..2].Select(File.GetLastWriteTimeUtc)); // frames 0 and 1 were not registered again
        Assert.Equal(expected.Select(r => (r.Pose, r.Converged, r.Similarity)),
            results.Select(r => (r.Pose, r.Converged, r.Similarity)));
        Assert.Equal(File.ReadAllText(whole.Resolve(RegisteredDataset.ReportFileName)),
            File.ReadAllText(resumed.Resolve(RegisteredDataset.ReportFileName)));
        Assert.Equal(File.ReadAllText(whole.Resolve(DatasetFolder.ManifestFileName)),
            File.ReadAllText(resumed.Resolve(DatasetFolder.ManifestFileName)));
        foreach (var item in whole.ReadManifest())
            Assert.Equal(File.ReadAllBytes(whole.Resolve(item.Depth)), File.ReadAllBytes(resumed.Resolve(item.Depth)));
    }

    [Fact]
    public void A_rerun_with_another_seed_is_refused_rather_than_mixed_in()
    {
        var (frames, camera, poses) = WriteInputs();
        var folder = new DatasetFolder(Path.Combine(_dir, "out"));
        var few = Settings with { Evolution = Settings.Evolution with { MaxEvaluations = 5 } };
        RegisteredDataset.Write(fixture.Ct, frames, camera, poses, folder, few, 5, fixture.Device);
        Assert.Throws<DatasetRecipeException>(() =>
            RegisteredDataset.Write(fixture.Ct, frames, camera, poses, folder, few, 6, fixture.Device));
    }

    /// <summary>Three frames along the lumen (the virtual views through the camera response), a camera record and
    /// starts 1 mm off.</summary>
    private (string Frames, string Camera, string Poses) WriteInputs()
    {
        var frames = Directory.CreateDirectory(Path.Combine(_dir, "frames")).FullName;
        var truths = Enumerable.Range(0, 3)
            .Select(i => PoseIncrement.Apply(fixture.Pose, fixture.Pose.Forward * (1.5f * i), Float3.Zero)).ToArray();
        for (var i = 0; i < truths.Length; i++)
            PngFile.Write(Path.Combine(frames, $"frame{i}.png"),
                Settings.Tone.Apply(fixture.Endoscope.Render(Camera, truths[i]).Shading));
        var camera = Path.Combine(_dir, "camera.json");
        File.WriteAllText(camera, JsonSerializer.Serialize(CameraRecord.From(Camera)));
        var poses = Path.Combine(_dir, "poses.json");
        PoseFile.Save(poses, truths.Select(t => PoseIncrement.Apply(t, new Float3(1, 0, 0), Float3.Zero)));
        return (frames, camera, poses);
    }

    /// <summary>Reports synchronously (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
