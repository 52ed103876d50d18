using GarageOrleans.Abstractions;

namespace GarageOrleans.S3.Handlers.Tests.Fakes;

/// <summary>Hands out in-memory grains by interface and key; object grains are created on first use.</summary>
internal sealed class FakeGrainFactory : IGrainFactory
{
    private readonly Dictionary<(Type, string), object> _grains = [];

    private readonly Dictionary<Type, object> _anyKey = [];

    public void Add<T>(string key, T grain) where T : notnull
    {
        lock (_grains)
        {
            _grains[(typeof(T), key)] = grain;
        }
    }

    /// <summary>Serves <paramref name="grain"/> for every key (e.g. an upload id the handler generates).</summary>
    public void AddForAnyKey<T>(T grain) where T : notnull => _anyKey[typeof(T)] = grain;

    public FakeObjectGrain Object(string key)
    {
        // DeleteObjects fans out, so object grains may be created concurrently.
        lock (_grains)
        {
            if (!_grains.TryGetValue((typeof(IObjectGrain), key), out var g))
            {
                g = new FakeObjectGrain();
                _grains[(typeof(IObjectGrain), key)] = g;
            }

            return (FakeObjectGrain)g;
        }
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        if (typeof(TGrainInterface) == typeof(IObjectGrain))
        {
            return (TGrainInterface)(object)Object(primaryKey);
        }

        return Lookup<TGrainInterface>(primaryKey);
    }

    private T Lookup<T>(string key)
    {
        lock (_grains)
        {
            return _grains.TryGetValue((typeof(T), key), out var g) || _anyKey.TryGetValue(typeof(T), out g)
                ? (T)g
                : throw new InvalidOperationException($"no fake {typeof(T).Name} '{key}'");
        }
    }

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        Lookup<TGrainInterface>(primaryKey.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();
}
