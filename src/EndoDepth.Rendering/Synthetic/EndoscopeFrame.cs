using EndoDepth.Geometry;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic.Kernel;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// A frame's kernel parameters from the public settings: camera, pose, surface, lights, shading, noise.
/// </summary>
internal static class EndoscopeFrame
{
    public static EndoscopeFrameParams Create(SignedDistanceGrid grid, CameraView view, SyntheticEndoscopeSettings s,
        ulong noiseSeed, int stripLength = 1)
    {
        var rig = view.Rig;
        var p = new EndoscopeFrameParams
        {
            Camera = view.Camera, Pose = view.Pose, Grid = grid.Shape, LightCount = rig.Lights.Count,
                Ambient = rig.Ambient,
            Albedo = s.Albedo, Specular = s.SpecularStrength, Shininess = s.Shininess,
            ShininessInteger = s.Shininess <= 4096f && MathF.Floor(s.Shininess) == s.Shininess
                ? (int)s.Shininess : 0, Vignetting = s.Vignetting,
            Gain = s.Gain, InvGamma = 1f / s.Gamma, NoiseSigma = s.NoiseSigma,
            NoiseKey = SensorNoise.Key(noiseSeed),
            MaxDistance = s.MaxDistanceMm, MaxSteps = s.MaxSteps, StepScale = s.StepScale,
            BlockSize = s.ConeBlockSize, BlockShift = s.ConeBlockSize > 0
                && (s.ConeBlockSize & (s.ConeBlockSize - 1)) == 0
                ? System.Numerics.BitOperations.Log2((uint)s.ConeBlockSize)
                : -1, StripLength = Math.Max(1, stripLength),
            BlocksX = s.ConeBlockSize > 1 ? (view.Camera.Width + s.ConeBlockSize - 1) / s.ConeBlockSize : 0,
            BlocksY = s.ConeBlockSize > 1 ? (view.Camera.Height + s.ConeBlockSize - 1) / s.ConeBlockSize : 0,
        };
        for (var j = 0; j < rig.Lights.Count; j++)
        {
            var l = rig.Lights[j];
            var world = view.Pose.ToWorld(l.Offset);
            switch (j)
            {
                case 0: p.Light0 = world; p.Intensity0 = l.Intensity; p.Spot0 = l.SpotExponent; break;
                case 1: p.Light1 = world; p.Intensity1 = l.Intensity; p.Spot1 = l.SpotExponent; break;
                case 2: p.Light2 = world; p.Intensity2 = l.Intensity; p.Spot2 = l.SpotExponent; break;
                default: p.Light3 = world; p.Intensity3 = l.Intensity; p.Spot3 = l.SpotExponent; break;
            }
        }
        return p;
    }
}
