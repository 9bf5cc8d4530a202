"""
The customer-VPC template expanded by the AWS SAM translator (what CloudFormation's
AWS::Serverless transform does), and checked for what the stack promises: both functions in the
VPC on java21 with SnapStart behind a published alias, a private REST API limited to the VPC
endpoint with a REQUEST authorizer, IAM permissions on exactly the endpoint and the secret, no "*"
resource, and the interface endpoints. Run by .ci/run: python3 -m unittest discover -s deploy/customer-vpc/tests
"""

import json
import os
import unittest
from pathlib import Path

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"
ENDPOINT_ARN = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/${EndpointName}"
PARAMETERS = {"AWS::Region": "us-east-1", "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}


class NoManagedPolicies:
    """The translator asks for managed policy ARNs only when a function names one by name; none does."""

    def load(self):
        return {}


def expand():
    template = yaml_parse(TEMPLATE.read_text())
    # `sam deploy` uploads the local jar and puts its S3 location here; the translator needs one.
    template["Globals"]["Function"]["CodeUri"] = "s3://example-bucket/embedded-service-lambda.jar"
    return transform(template, PARAMETERS, NoManagedPolicies())


def of_type(resources, kind):
    return {name: r for name, r in resources.items() if r["Type"] == kind}


def statements(node):
    """Every IAM statement anywhere below node, Fn::If branches included."""
    found = []
    if isinstance(node, dict):
        if "Effect" in node:
            found.append(node)
        for value in node.values():
            found.extend(statements(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(statements(value))
    return found


class ExpandedTemplateTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.expanded = expand()
        cls.resources = cls.expanded["Resources"]

    def test_both_functions_run_java21_in_the_vpc_with_snapstart_behind_an_alias(self):
        functions = of_type(self.resources, "AWS::Lambda::Function")
        self.assertEqual({"ProxyFunction", "AuthorizerFunction"}, set(functions))
        for name, function in functions.items():
            props = function["Properties"]
            self.assertEqual("java21", props["Runtime"], name)
            self.assertEqual({"Ref": "SubnetIds"}, props["VpcConfig"]["SubnetIds"], name)
            self.assertEqual([{"Ref": "FunctionSecurityGroupId"}], props["VpcConfig"]["SecurityGroupIds"], name)
            self.assertEqual({"ApplyOn": "PublishedVersions"}, props["SnapStart"], name)
        aliases = of_type(self.resources, "AWS::Lambda::Alias")
        self.assertEqual({"ProxyFunctionAliaslive", "AuthorizerFunctionAliaslive"}, set(aliases))
        self.assertEqual(2, len(of_type(self.resources, "AWS::Lambda::Version")))

    def test_the_handlers_are_the_pinned_classes(self):
        functions = of_type(self.resources, "AWS::Lambda::Function")
        self.assertEqual("dev.embeddedservice.lambda.ProxyHandler::handleRequest",
                         functions["ProxyFunction"]["Properties"]["Handler"])
        self.assertEqual("dev.embeddedservice.lambda.AuthorizerHandler::handleRequest",
                         functions["AuthorizerFunction"]["Properties"]["Handler"])

    def test_the_api_is_private_and_its_resource_policy_admits_only_the_vpc_endpoint(self):
        (api,) = of_type(self.resources, "AWS::ApiGateway::RestApi").values()
        self.assertEqual(["PRIVATE"], api["Properties"]["EndpointConfiguration"]["Types"])
        policy = api["Properties"]["Body"]["x-amazon-apigateway-policy"]
        by_effect = {s["Effect"]: s for s in statements(policy)}
        self.assertEqual({"Allow", "Deny"}, set(by_effect))
        self.assertIn("ExecuteApiEndpoint", json.dumps(by_effect["Allow"]["Condition"]["StringEquals"]["aws:SourceVpce"]))
        self.assertIn("ExecuteApiEndpoint", json.dumps(by_effect["Deny"]["Condition"]["StringNotEquals"]["aws:SourceVpce"]))

    def test_every_method_goes_through_the_request_authorizer(self):
        (api,) = of_type(self.resources, "AWS::ApiGateway::RestApi").values()
        body = api["Properties"]["Body"]
        authorizer = body["securityDefinitions"]["CallerAuthorizer"]["x-amazon-apigateway-authorizer"]
        self.assertEqual("request", authorizer["type"])
        self.assertEqual(300, authorizer["authorizerResultTtlInSeconds"])   # the parameter's default
        self.assertEqual("method.request.header.X-Embedded-Service-Identity", authorizer["identitySource"])
        self.assertIn("AuthorizerFunctionAliaslive", json.dumps(authorizer["authorizerUri"]))
        paths = body["paths"]
        self.assertEqual({"/translate", "/invoke/{operation}"}, set(paths))
        for path, methods in paths.items():
            self.assertEqual([{"CallerAuthorizer": []}], methods["post"]["security"], path)
            self.assertIn("ProxyFunctionAliaslive", json.dumps(methods["post"]["x-amazon-apigateway-integration"]))

    def test_the_proxy_may_invoke_exactly_the_endpoint_and_read_exactly_the_secret(self):
        proxy = statements(self.resources["ProxyRole"]["Properties"]["Policies"])
        invoke = [s for s in proxy if s["Action"] == "sagemaker:InvokeEndpoint"]
        self.assertEqual([{"Fn::Sub": ENDPOINT_ARN}], [s["Resource"] for s in invoke])
        read = [s for s in proxy if s["Action"] == "secretsmanager:GetSecretValue"]
        self.assertEqual([{"Ref": "LicenseKeySecretArn"}], [s["Resource"] for s in read])
        authorizer = statements(self.resources["AuthorizerRole"]["Properties"]["Policies"])
        self.assertEqual({"secretsmanager:GetSecretValue", "kms:Decrypt"}, {s["Action"] for s in authorizer})

    def test_no_statement_anywhere_grants_every_resource_or_an_action_wildcard(self):
        for statement in statements(self.resources):
            resources = statement.get("Resource", [])
            actions = statement.get("Action", [])
            for resource in resources if isinstance(resources, list) else [resources]:
                self.assertNotEqual("*", resource, statement)
            for action in actions if isinstance(actions, list) else [actions]:
                if isinstance(action, str):
                    self.assertNotIn("*", action, statement)

    def test_the_interface_endpoints_are_there(self):
        services = {json.dumps(e["Properties"]["ServiceName"])
                    for e in of_type(self.resources, "AWS::EC2::VPCEndpoint").values()}
        for service in ("sagemaker.runtime", "secretsmanager", "sts", "execute-api"):
            self.assertTrue(any(service in s for s in services), service)
        for endpoint in of_type(self.resources, "AWS::EC2::VPCEndpoint").values():
            self.assertEqual("Interface", endpoint["Properties"]["VpcEndpointType"])
            self.assertTrue(endpoint["Properties"]["PrivateDnsEnabled"])

    def test_the_api_invoke_url_is_an_output(self):
        self.assertIn("ApiInvokeUrl", self.expanded["Outputs"])
        self.assertIn("execute-api", json.dumps(self.expanded["Outputs"]["ApiInvokeUrl"]["Value"]))


if __name__ == "__main__":
    unittest.main()
