using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TenantAtlas.Infrastructure.IntegrationTests")]
