namespace GarageOrleans.Grains.Rows;

/// <summary>The lattice of a version's state: a merge keeps the greatest (Garage: Uploading &lt; Complete &lt; Aborted).</summary>
public enum ObjectVersionState : byte
{
    Uploading = 0,
    Complete = 1,
    Aborted = 2,
}
