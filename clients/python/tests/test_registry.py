"""The registry through the client: lists, descriptions, errors, tokens."""
import pytest

from quiver_client import Client, NotFoundError, UnauthenticatedError

from conftest import TOKEN


def test_lists_and_descriptions_are_what_the_cli_prints(client, demo):
    views = client.list_feature_views()
    assert [v["name"] for v in views] == [v["name"] for v in demo.cli_json("list", "feature-views", "-o", "json")]
    assert {v["name"] for v in views} == {"driver_hourly_stats", "docs"}
    assert [v["name"] for v in client.list_feature_views(tags={"team": "driver_performance"})] == ["driver_hourly_stats"]
    assert client.list_feature_views(tags={"team": "nobody"}) == []
    assert {e["name"] for e in client.list_entities()} == {"driver", "doc_chunk"}
    assert "driver_stats_push" in {s["name"] for s in client.list_data_sources()}
    assert [s["name"] for s in client.list_feature_services()] == ["driver_activity"]
    assert client.list_permissions() == []
    assert isinstance(client.list_saved_datasets(), list)

    view = client.describe_feature_view("driver_hourly_stats")
    cli = demo.cli_json("describe", "feature-view", "driver_hourly_stats", "-o", "json")
    assert view["schema"] == cli["schema"] and view["version"] == cli["version"]
    assert [v["version"] for v in view["versions"]] == [v["version"] for v in cli["versions"]]
    assert view["versions"][-1]["spec"]["name"] == "driver_hourly_stats"
    assert view["owner"] == "ml-platform@example.com"
    assert client.describe_entity("driver")["join_keys"] == ["driver_id"]
    assert client.describe_feature_service("driver_activity")["features"][0] == "driver_hourly_stats:conv_rate"
    assert client.project()["name"] == demo.project


def test_a_missing_object_is_not_found(client):
    with pytest.raises(NotFoundError) as e:
        client.describe_feature_view("no/such view")
    assert e.value.status == 404 and "no/such view" in e.value.message


def test_a_locked_server_wants_the_token(locked):
    with Client(locked.url) as anonymous:
        with pytest.raises(UnauthenticatedError) as e:
            anonymous.list_feature_views()
        assert e.value.status == 401
    with Client(locked.url, token="wrong-token-0123456789") as wrong:
        with pytest.raises(UnauthenticatedError):
            wrong.get_online_features(["driver_hourly_stats:city"], {"driver_id": [1001]})
    with Client(locked.url, token=TOKEN) as ok:
        assert len(ok.list_feature_views()) == 2
        assert ok.get_online_features(["driver_hourly_stats:city"], {"driver_id": [1001]}).statuses[1] == ["PRESENT"]
