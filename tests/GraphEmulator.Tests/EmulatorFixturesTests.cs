using System.Text;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.GraphEmulator.Tests;

public class EmulatorFixturesTests
{
    [Test]
    public void Parses_the_same_object_when_file_has_a_byte_order_mark()
    {
        const string json = "{\"name\":\"x\",\"settings\":[]}";
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray();

        var a = EmulatorFixtures.Parse(withBom);
        var b = EmulatorFixtures.Parse(Encoding.UTF8.GetBytes(json));

        Assert.That(a.ToJsonString(), Is.EqualTo(b.ToJsonString()));
    }

    [Test]
    public void Loads_embedded_acsc_export_with_bom_and_odata_context()
    {
        var loaded = EmulatorFixtures.LoadEmbedded("acsc-hardening-guidelines/policies/ACSC Windows Hardening Guidelines.json");
        var stripped = EmulatorFixtures.StripServerOwned(loaded);

        Assert.That(loaded.ContainsKey("@odata.context") && loaded.ContainsKey("id"), Is.True);
        Assert.That(stripped.Select(p => p.Key), Has.None.AnyOf("id", "@odata.context", "createdDateTime", "lastModifiedDateTime", "settingCount"));
        Assert.That(stripped["settings"]!.AsArray(), Has.Count.EqualTo(256));
        Assert.That(stripped["settings"]![0]!["settingInstance"]!["@odata.type"], Is.Not.Null);
    }

    [Test]
    public void Ignores_server_owned_properties_when_a_get_response_is_seeded()
    {
        var tenant = new GraphEmulatorState().GetOrAddTenant(Guid.NewGuid());
        var loaded = EmulatorFixtures.LoadEmbedded("acsc-hardening-guidelines/policies/ACSC Windows Hardening Guidelines.json");
        var originalId = loaded["id"]!.GetValue<string>();

        var stored = tenant.Add("deviceManagement/configurationPolicies", loaded);

        Assert.That(stored["id"]!.GetValue<string>(), Is.Not.EqualTo(originalId));
        Assert.That(stored.ContainsKey("@odata.context"), Is.False);
        Assert.That(stored["settingCount"]!.GetValue<int>(), Is.EqualTo(256));
    }

    [Test]
    public void Loads_a_file_from_disk_when_it_has_a_bom()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"@odata.type\":\"#microsoft.graph.iosCompliancePolicy\",\"displayName\":\"d\"}", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var loaded = EmulatorFixtures.LoadFile(path);

            Assert.That(EmulatorFixtures.CollectionOf(loaded), Is.EqualTo("deviceManagement/deviceCompliancePolicies"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Embeds_fixtures_for_all_four_types()
    {
        var collections = EmulatorFixtures.EmbeddedNames
            .Select(n => EmulatorFixtures.CollectionOf(EmulatorFixtures.LoadEmbedded(n)))
            .Distinct();

        Assert.That(collections, Is.EquivalentTo(new[]
        {
            "deviceManagement/configurationPolicies", "deviceManagement/deviceCompliancePolicies",
            "deviceManagement/deviceConfigurations", "deviceAppManagement/iosManagedAppProtections",
            "deviceAppManagement/androidManagedAppProtections",
        }));
    }
}
