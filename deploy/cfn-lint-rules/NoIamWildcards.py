"""
cfn-lint rule E9101 of the embedded-service stack: no IAM policy statement anywhere in a template
(roles, policies, VPC endpoint policies, resource policies, SAM function policies) may grant
`Resource: "*"`, an action with a wildcard (`*`, `s3:*`, `s3:Get*`), or use NotAction / NotResource,
which grant everything but what they name.

Run it with: cfn-lint --append-rules deploy/cfn-lint-rules -- deploy/customer-vpc/template.yaml
"""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


class NoIamWildcards(CloudFormationLintRule):
    """Every IAM statement names its actions and resources exactly."""

    id = "E9101"
    shortdesc = "IAM statements name their actions and resources exactly"
    description = (
        'No IAM statement may have Resource "*", an action wildcard, NotAction or NotResource: '
        "least privilege for a stack deployed into a customer's locked-down VPC"
    )
    source_url = "deploy/README.md"
    tags = ["iam", "least-privilege"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.template.get("Resources", {}).items():
            self._walk(resource, ["Resources", name], matches)
        return matches

    def _walk(self, node, path, matches):
        if isinstance(node, dict):
            if "Effect" in node and any(k in node for k in ("Action", "NotAction", "Resource", "NotResource")):
                self._check_statement(node, path, matches)
            for key, value in node.items():
                self._walk(value, path + [key], matches)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self._walk(value, path + [index], matches)

    def _check_statement(self, statement, path, matches):
        for key in ("NotAction", "NotResource"):
            if key in statement:
                matches.append(RuleMatch(path + [key], f"IAM statement uses {key}: name what it grants instead"))
        for resource in self._strings(statement.get("Resource")):
            if resource.strip() == "*":
                matches.append(RuleMatch(path + ["Resource"], 'IAM statement grants Resource "*": name the resource'))
        for action in self._strings(statement.get("Action")):
            if "*" in action:
                matches.append(RuleMatch(path + ["Action"], f'IAM statement grants the action wildcard "{action}"'))

    @staticmethod
    def _strings(value):
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
        return []
