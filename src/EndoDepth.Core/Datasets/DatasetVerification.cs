namespace EndoDepth.Datasets;

/// <summary>One item whose files do not match its record.</summary>
/// <param name="Id">The item.</param>
/// <param name="Problem">What is wrong (the first file that is missing or differs).</param>
public sealed record DamagedItem(string Id, string Problem);

/// <summary>The result of <see cref="DatasetFolder.Verify"/>.</summary>
/// <param name="Checked">Item records checked.</param>
/// <param name="Damaged">Items whose files are missing or differ from their records (a rerun of the writer re-makes
/// them).</param>
public sealed record DatasetVerification(int Checked, IReadOnlyList<DamagedItem> Damaged)
{
    /// <summary>True when no item is damaged.</summary>
    public bool IsIntact => Damaged.Count == 0;
}
