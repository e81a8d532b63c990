using System.Text.Json;
using System.Text.Json.Nodes;
using EndoDepth.Geometry;
using EndoDepth.IO;

namespace EndoDepth.Registration;

/// <summary>
/// A poses JSON file: camera → world rigid poses (<see cref="RigidPose"/>: x_world = R·x_camera + t, camera +X right,
/// +Y down, +Z forward, millimetres), one per frame in the frames' order:
/// <c>{"poses": [[r00, r01, r02, tx, r10, r11, r12, ty, r20, r21, r22, tz, 0, 0, 0, 1], …]}</c>, each a row-major
/// 4×4 matrix as in dataset manifests (<see cref="RigidPose.ToMatrix4x4"/>).
/// </summary>
public static class PoseFile
{
    /// <summary>Largest file read (bytes).</summary>
    private const long MaxBytes = 64 << 20;

    /// <summary>Loads the poses of <paramref name="path"/>.</summary>
    /// <exception cref="RegistrationInputException">Missing, oversized or malformed file, a matrix that is not 16
    /// finite numbers or whose 3×3 part is not a rotation.</exception>
    public static IReadOnlyList<RigidPose> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new RegistrationInputException(path, "poses file not found");
        if (new FileInfo(path).Length > MaxBytes)
            throw new RegistrationInputException(path, $"poses file larger than {MaxBytes} bytes");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new RegistrationInputException(path, "malformed JSON: " + e.Message, e); }
        if (root is not JsonObject o || o["poses"] is not JsonArray array)
            throw new RegistrationInputException(path, "expected an object with a \"poses\" array");
        var poses = new List<RigidPose>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            double[] m;
            try { m = array[i]?.Deserialize<double[]>() ?? []; }
            catch (JsonException e)
            {
                throw new RegistrationInputException(path, $"pose {i}: not an array of numbers: {e.Message}", e);
            }
            if (m.Length != 16 || m.Any(v => !double.IsFinite(v)))
                throw new RegistrationInputException(path, $"pose {i}: expected 16 finite numbers, got {m.Length}");
            var pose = RigidPose.FromMatrix4x4(m);
            if (!IsRotation(pose)) throw new RegistrationInputException(path, $"pose {i}: the 3×3 part is not a " +
                "rotation (orthonormal, determinant 1)");
            poses.Add(pose);
        }
        return poses;
    }

    /// <summary>Writes <paramref name="poses"/> in the same format (atomically).</summary>
    public static void Save(string path, IEnumerable<RigidPose> poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        var array = new JsonArray();
        foreach (var p in poses) array.Add(JsonSerializer.SerializeToNode(p.ToMatrix4x4()));
        AtomicFile.WriteAllText(path, new JsonObject { ["poses"] = array }.ToJsonString(
            new JsonSerializerOptions { WriteIndented = true }));
    }

    private static bool IsRotation(RigidPose p)
    {
        const float tol = 1e-3f;
        return MathF.Abs(p.Right.Length - 1) < tol && MathF.Abs(p.Down.Length - 1) < tol
            && MathF.Abs(p.Forward.Length - 1) < tol && MathF.Abs(Float3.Dot(p.Right, p.Down)) < tol
            && MathF.Abs(Float3.Dot(p.Right, p.Forward)) < tol && MathF.Abs(Float3.Dot(p.Down, p.Forward)) < tol
            && Float3.Dot(Float3.Cross(p.Right, p.Down), p.Forward) > 0;
    }
}
