namespace GarageOrleans.Grains.Rows;

/// <summary>Lattice of a multipart upload: Active, then one of the two terminal states.</summary>
public enum MultipartState : byte
{
    Active = 0,
    Completed = 1,
    Aborted = 2,
}
