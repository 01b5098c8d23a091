using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TenantAtlas.Infrastructure.IntegrationTests")]
[assembly: InternalsVisibleTo("TenantAtlas.Api.FunctionalTests")]
