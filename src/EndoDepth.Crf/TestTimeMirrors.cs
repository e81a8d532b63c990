namespace EndoDepth.Crf;

/// <summary>
/// Which mirror images of the input an estimator also predicts, un-mirrors and averages (test-time augmentation). The
/// models are trained with random left–right and top–bottom flips and rotations about the optical axis, so each
/// mirror is an equally valid view of the scene; averaging them lowers the variance of the estimate.
/// </summary>
public enum TestTimeMirrors
{
    /// <summary>The image alone (one prediction per member).</summary>
    None,
    /// <summary>The image and its left–right mirror (two per member).</summary>
    Horizontal,
    /// <summary>The image and its three mirrors: left–right, top–bottom and both (four per member).</summary>
    Both,
    /// <summary>
    /// The eight symmetries of the square (the dihedral group D4): the four of <see cref="Both"/>, for the image and
    /// for its transpose (its mirror about the main diagonal, the same as a quarter turn and a mirror). Eight per
    /// member. The models are trained with rotations about the optical axis as well as flips, so the transposed views
    /// are as valid as the mirrors.
    /// </summary>
    Dihedral,
}
