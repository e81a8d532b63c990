using EndoDepth.Crf.Training;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// An ensemble under test-time mirrors against identities it must satisfy: the geometric mean of its members'
/// predictions, and equivariance under the mirrors it averages over (mirroring the input mirrors the output), for an
/// off-centre calibrated camera too.
/// </summary>
[Collection(TorchCollection.Name)]
public class EnsembleTests(TinyDatasetFixture data) : IClassFixture<TinyDatasetFixture>
{
    private CrfModel Trained(int seed)
    {
        var model = CrfModel.Create(data.Settings, seed);
        new CrfTrainer(model, new TrainingSettings(Epochs: 1, Seed: seed)).Train(data.Examples);
        return model;
    }

    [Fact]
    public void Two_members_without_mirrors_give_the_geometric_mean_of_their_predictions()
    {
        using var a = Trained(8);
        using var b = Trained(9);
        var image = TinyDataset.Item(40).Image;
        var za = a.Predict(image).Millimetres;
        var zb = b.Predict(image).Millimetres;
        using var ensemble = DepthEstimator.Ensemble([a, b], TestTimeMirrors.None);
        var z = ensemble.Estimate(image).Millimetres;
        Assert.Contains(za.Zip(zb), p => MathF.Abs(p.First - p.Second) > 1e-3f * p.First);
        for (var i = 0; i < z.Length; i++) Assert.Equal(MathF.Sqrt(za[i] * zb[i]), z[i], 1e-4f * z[i]);
    }

    [Theory]
    [InlineData(TestTimeMirrors.Horizontal, true, false)]
    [InlineData(TestTimeMirrors.Both, true, false)]
    [InlineData(TestTimeMirrors.Both, false, true)]
    [InlineData(TestTimeMirrors.Both, true, true)]
    [InlineData(TestTimeMirrors.Dihedral, true, false)]
    [InlineData(TestTimeMirrors.Dihedral, true, true)]
    public void Averaging_over_mirrors_makes_the_estimate_commute_with_those_mirrors(TestTimeMirrors mirrors,
        bool h, bool v)
    {
        using var a = Trained(8);
        using var b = Trained(9);
        using var ensemble = DepthEstimator.Ensemble([a, b], mirrors);
        var image = TinyDataset.Item(41).Image;
        // An off-centre Brown–Conrady camera with tangential terms: its mirror differs from it.
        var camera = CameraModel.BrownConrady(32, 32, 30f, 31f, 14.5f, 17f, -0.1f, 0.02f, 0.01f, -0.008f, 0f);
        var direct = ensemble.Estimate(image, camera).Mirrored(h, v).Millimetres;
        var ofMirror = ensemble.Estimate(image.Mirrored(h, v), camera.Mirrored(h, v)).Millimetres;
        for (var i = 0; i < direct.Length; i++) Assert.Equal(direct[i], ofMirror[i], 1e-4f * direct[i]);
        // Without mirrors the model alone does not commute (so the identity above is not vacuous).
        var single = a.Predict(image, camera).Mirrored(h, v).Millimetres;
        var singleOfMirror = a.Predict(image.Mirrored(h, v), camera.Mirrored(h, v)).Millimetres;
        Assert.Contains(single.Zip(singleOfMirror), p => MathF.Abs(p.First - p.Second) > 1e-3f * p.First);
    }

    [Fact]
    public void Averaging_over_the_dihedral_views_makes_the_estimate_commute_with_transposition()
    {
        using var a = Trained(8);
        using var ensemble = DepthEstimator.Ensemble([a], TestTimeMirrors.Dihedral);
        var image = TinyDataset.Item(42).Image;
        var camera = CameraModel.BrownConrady(32, 32, 30f, 31f, 14.5f, 17f, -0.1f, 0.02f, 0.01f, -0.008f, 0f);
        var direct = ensemble.Estimate(image, camera).Transposed().Millimetres;
        var ofTranspose = ensemble.Estimate(image.Transposed(), camera.Transposed()).Millimetres;
        for (var i = 0; i < direct.Length; i++) Assert.Equal(direct[i], ofTranspose[i], 1e-4f * direct[i]);
        // Four mirrors alone do not commute with transposition (so the identity above is not vacuous).
        ensemble.Mirrors = TestTimeMirrors.Both;
        var mirrorsOnly = ensemble.Estimate(image, camera).Transposed().Millimetres;
        var mirrorsOnlyOfTranspose = ensemble.Estimate(image.Transposed(), camera.Transposed()).Millimetres;
        Assert.Contains(mirrorsOnly.Zip(mirrorsOnlyOfTranspose), p => MathF.Abs(p.First - p.Second) > 1e-3f * p.First);
    }

    [Fact]
    public void The_shipped_ensemble_loads_every_member_with_all_eight_views_and_bad_arguments_are_refused()
    {
        using var shipped = DepthEstimator.LoadDefault("cpu");
        Assert.True(shipped.Members.Count >= 2);
        Assert.Equal(TestTimeMirrors.Dihedral, shipped.Mirrors);
        Assert.Throws<ArgumentOutOfRangeException>(() => shipped.Mirrors = (TestTimeMirrors)7);
        Assert.Throws<ArgumentException>(() => DepthEstimator.Ensemble([]));
    }
}
