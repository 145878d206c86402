"""Drives the local Partner Central with boto3 (botocore's own JSON model of both APIs) and the AWS CLI,
so the emulator's wire format is checked by a second SDK. Run by second-sdk.test.ts with
EMULATOR_URL set; prints one JSON object of what it saw, and fails with the first mismatch."""

import json
import os
import subprocess
import sys

import boto3
import botocore.exceptions

URL = os.environ["EMULATOR_URL"]
OPPORTUNITY = os.environ["OPPORTUNITY_ID"]
INVITATION = os.environ["INVITATION_ID"]
TEAM_EMAIL = os.environ["TEAM_EMAIL"]

session = boto3.session.Session(
    aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="second-sdk", region_name="us-east-1"
)
selling = session.client("partnercentral-selling", endpoint_url=URL)
account = session.client("partnercentral-account", endpoint_url=URL)
seen = {}


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def error_of(call):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        return error
    raise AssertionError("expected the call to fail")


# ListOpportunities through botocore's paginator, in short pages, sorted and filtered.
pages = selling.get_paginator("list_opportunities").paginate(
    Catalog="AWS",
    Sort={"SortBy": "TargetCloseDate", "SortOrder": "ASCENDING"},
    LifeCycleStage=["Prospect", "Qualified", "Technical Validation", "Business Validation", "Committed"],
    PaginationConfig={"PageSize": 4},
)
summaries = [s for page in pages for s in page["OpportunitySummaries"]]
expect(len(summaries) > 4, "several pages of open opportunities")
dates = [s["LifeCycle"]["TargetCloseDate"] for s in summaries if "TargetCloseDate" in s.get("LifeCycle", {})]
expect(dates == sorted(dates), "sorted by target close date")
expect(all(hasattr(s["LastModifiedDate"], "year") for s in summaries), "LastModifiedDate parsed as a date-time")
seen["openOpportunities"] = [s["Id"] for s in summaries]
required = selling.list_opportunities(Catalog="AWS", LifeCycleReviewStatus=["Action Required"])
seen["actionRequired"] = [s["Id"] for s in required["OpportunitySummaries"]]

# GetOpportunity, GetAwsOpportunitySummary, AssignOpportunity, UpdateOpportunity.
record = selling.get_opportunity(Catalog="AWS", Identifier=OPPORTUNITY)
expect(record["Id"] == OPPORTUNITY, "GetOpportunity answers the opportunity asked for")
expect(all(hasattr(h["Time"], "year") for h in record["LifeCycle"]["NextStepsHistory"]), "history times parsed")
aws = selling.get_aws_opportunity_summary(Catalog="AWS", RelatedOpportunityIdentifier=OPPORTUNITY)
expect(aws["RelatedOpportunityId"] == OPPORTUNITY, "AWS's summary of the same opportunity")
seen["awsTeam"] = [m["BusinessTitle"] for m in aws["OpportunityTeam"]]

selling.assign_opportunity(
    Catalog="AWS",
    Identifier=OPPORTUNITY,
    Assignee={"Email": TEAM_EMAIL, "FirstName": "Alex", "LastName": "Rivera", "BusinessTitle": "Alliance lead"},
)
record = selling.get_opportunity(Catalog="AWS", Identifier=OPPORTUNITY)
seen["owner"] = record["OpportunityTeam"][0]["Email"]

updatable = [
    "PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer", "Project",
    "OpportunityType", "Marketing", "SoftwareRevenue",
]
whole = {key: record[key] for key in updatable if key in record}
life_cycle = dict(record["LifeCycle"], NextSteps="Confirm the budget with the CFO")
updated = selling.update_opportunity(
    Catalog="AWS", Identifier=OPPORTUNITY, LastModifiedDate=record["LastModifiedDate"], LifeCycle=life_cycle, **whole
)
expect(updated["LastModifiedDate"] > record["LastModifiedDate"], "UpdateOpportunity moves LastModifiedDate on")
stale = error_of(
    lambda: selling.update_opportunity(
        Catalog="AWS", Identifier=OPPORTUNITY, LastModifiedDate=record["LastModifiedDate"], LifeCycle=life_cycle, **whole
    )
)
expect(isinstance(stale, selling.exceptions.ConflictException), "a stale LastModifiedDate is a ConflictException")
seen["nextSteps"] = selling.get_opportunity(Catalog="AWS", Identifier=OPPORTUNITY)["LifeCycle"]["NextSteps"]

missing = error_of(lambda: selling.get_opportunity(Catalog="Sandbox", Identifier=OPPORTUNITY))
expect(isinstance(missing, selling.exceptions.ResourceNotFoundException), "another catalog's id is not found")
invalid = error_of(lambda: selling.get_opportunity(Catalog="AWS", Identifier="opp-1"))
expect(isinstance(invalid, selling.exceptions.ValidationException), "a malformed id is a ValidationException")
seen["validationFields"] = [e["FieldName"] for e in invalid.response["ErrorList"]]

# The invitation operations the app already uses.
invitations = [
    s
    for page in selling.get_paginator("list_engagement_invitations").paginate(
        Catalog="AWS", ParticipantType="RECEIVER", Status=["PENDING"], PaginationConfig={"PageSize": 5}
    )
    for s in page["EngagementInvitationSummaries"]
]
expect(any(s["Id"] == INVITATION for s in invitations), "the pending invitation is listed")
detail = selling.get_engagement_invitation(Catalog="AWS", Identifier=INVITATION)
expect(hasattr(detail["InvitationDate"], "year"), "InvitationDate parsed as a date-time")
task = selling.start_engagement_by_accepting_invitation_task(
    Catalog="AWS", Identifier=INVITATION, ClientToken="second-sdk-1"
)
tasks = selling.list_engagement_by_accepting_invitation_tasks(Catalog="AWS", TaskIdentifier=[task["TaskId"]])
expect(tasks["TaskSummaries"][0]["TaskId"] == task["TaskId"], "the task is listed")
seen["taskStatus"] = task["TaskStatus"]

connections = [
    c for page in account.get_paginator("list_connections").paginate(Catalog="AWS") for c in page["ConnectionSummaries"]
]
connection = account.get_connection(Catalog="AWS", Identifier=connections[0]["Id"])
expect(connection["Id"] == connections[0]["Id"], "GetConnection answers the connection asked for")
connection_invitations = [
    i
    for page in account.get_paginator("list_connection_invitations").paginate(Catalog="AWS")
    for i in page["ConnectionInvitationSummaries"]
]
got = account.get_connection_invitation(Catalog="AWS", Identifier=connection_invitations[0]["Id"])
expect(got["Id"] == connection_invitations[0]["Id"], "GetConnectionInvitation answers the invitation asked for")
seen["connections"] = len(connections)

# The AWS CLI (v1) on the same emulator.
cli = subprocess.run(
    [
        "aws", "partnercentral-selling", "get-opportunity", "--catalog", "AWS", "--identifier", OPPORTUNITY,
        "--endpoint-url", URL, "--region", "us-east-1", "--output", "json",
    ],
    capture_output=True,
    text=True,
    env={**os.environ, "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "second-sdk"},
    check=False,
)
expect(cli.returncode == 0, f"aws partnercentral-selling get-opportunity: {cli.stderr}")
seen["cliNextSteps"] = json.loads(cli.stdout)["LifeCycle"]["NextSteps"]

json.dump(seen, sys.stdout)
