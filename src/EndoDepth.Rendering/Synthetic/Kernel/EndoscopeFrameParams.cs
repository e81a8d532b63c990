using EndoDepth.Geometry;
using EndoDepth.Rendering.Surfaces;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// Everything one frame of the forward-model kernel needs, as a value type: camera, pose, up to four lights in world
/// coordinates, shading and sensor constants, and the grid's shape.
/// </summary>
internal struct EndoscopeFrameParams
{
    public CameraModel Camera;
    public RigidPose Pose;
    public SdfGridShape Grid;
    public int LightCount;
    public Float3 Light0, Light1, Light2, Light3;
    public float Intensity0, Intensity1, Intensity2, Intensity3;
    public float Spot0, Spot1, Spot2, Spot3;
    public float Ambient;
    public float Albedo, Specular, Shininess, Vignetting, Gain, InvGamma, NoiseSigma;
    /// <summary><see cref="Shininess"/> when it is a whole number ≤ 4096 (the lobe then uses repeated squaring), else
    /// 0.</summary>
    public int ShininessInteger;
    /// <summary>The frame's sensor-noise key (<see cref="SensorNoise.Key"/> of the noise seed).</summary>
    public uint NoiseKey;
    public float MaxDistance;
    public int MaxSteps;
    public float StepScale;
    public int BlockSize, BlocksX, BlocksY;
    /// <summary>Pixels per kernel index (<see cref="EndoscopePixel.ShadeStrip{TGrid, TOut}"/>); the launcher's
    /// choice.</summary>
    public int StripLength;

    /// <summary>log₂ <see cref="BlockSize"/> when it is a power of two (block index by shifts), else −1 (by
    /// division).</summary>
    public int BlockShift;

    /// <summary>Index of the cone pre-pass block holding pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly int BlockOf(int x, int y) => BlockShift >= 0
        ? (y >> BlockShift) * BlocksX + (x >> BlockShift)
        : y / BlockSize * BlocksX + x / BlockSize;

    /// <summary>Cone pre-pass blocks per kernel index, marched in lockstep: 4 where a kernel index renders a strip
    /// (CPU), else 1.</summary>
    public readonly int ConeLanes => StripLength > 1 ? 4 : 1;

    /// <summary>Kernel indices of the cone pre-pass.</summary>
    public readonly int ConeIndexCount => (BlockCount + ConeLanes - 1) / ConeLanes;

    /// <summary>Kernel indices that cover the frame.</summary>
    public readonly int StripCount => (Camera.Width * Camera.Height + StripLength - 1) / StripLength;

    /// <summary>Light <paramref name="j"/> (0–3): world position, intensity and spot exponent.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly void Light(int j, out Float3 position, out float intensity, out float spot)
    {
        switch (j)
        {
            case 0: position = Light0; intensity = Intensity0; spot = Spot0; break;
            case 1: position = Light1; intensity = Intensity1; spot = Spot1; break;
            case 2: position = Light2; intensity = Intensity2; spot = Spot2; break;
            default: position = Light3; intensity = Intensity3; spot = Spot3; break;
        }
    }

    /// <summary>Number of cone pre-pass blocks (0 when the pre-pass is off).</summary>
    public readonly int BlockCount => BlockSize > 1 ? BlocksX * BlocksY : 0;

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
