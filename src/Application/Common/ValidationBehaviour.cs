using FluentValidation;
using Mediator;

namespace TenantAtlas.Application.Common;

/// <summary>Runs every validator of a message once, before its handler.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var list = validators as IValidator<TMessage>[] ?? validators.ToArray();
        if (list.Length > 0)
        {
            var context = new ValidationContext<TMessage>(message);
            var results = await Task.WhenAll(list.Select(v => v.ValidateAsync(context, cancellationToken)));
            var failures = results.SelectMany(r => r.Errors).Where(f => f is not null).ToList();
            if (failures.Count > 0)
            {
                throw new ValidationException(failures);
            }
        }

        return await next(message, cancellationToken);
    }
}
