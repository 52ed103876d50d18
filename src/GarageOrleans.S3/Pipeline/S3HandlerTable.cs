using GarageOrleans.S3.Routing;

namespace GarageOrleans.S3.Pipeline;

/// <summary>Operation → handler, built once from DI; two handlers claiming one operation is a startup error.</summary>
internal sealed class S3HandlerTable
{
    private readonly IS3OperationHandler?[] _byOperation;

    public S3HandlerTable(IEnumerable<IS3OperationHandler> handlers)
    {
        _byOperation = new IS3OperationHandler?[Enum.GetValues<S3Operation>().Max(o => (int)o) + 1];
        foreach (var handler in handlers)
        {
            foreach (var operation in handler.Operations)
            {
                if (_byOperation[(int)operation] is { } existing)
                {
                    throw new InvalidOperationException(
                        $"Operation {operation} is claimed by both {existing.GetType().Name} and {handler.GetType().Name}.");
                }

                _byOperation[(int)operation] = handler;
            }
        }
    }

    public IS3OperationHandler? Find(S3Operation operation) => _byOperation[(int)operation];
}
