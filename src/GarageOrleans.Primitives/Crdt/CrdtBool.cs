namespace GarageOrleans.Primitives.Crdt;

/// <summary>A flag that can only be raised: true wins (Garage <c>crdt::Bool</c>), e.g. "this bucket was deleted".</summary>
[GenerateSerializer, Immutable]
public readonly record struct CrdtBool([property: Id(0)] bool Value) : ICrdt<CrdtBool>
{
    public static CrdtBool False => default;

    public static CrdtBool True => new(true);

    public CrdtBool Merge(CrdtBool other) => new(Value || other.Value);

    public override string ToString() => Value ? "true" : "false";
}
