"""`make organiser`: the first organiser of a programme, made on the command line (as
Django's `createsuperuser`). Asks for what it is not given; the password is read without
echo (or from NIANLUN_ORGANISER_PASSWORD, for scripts). `--api-token` also prints a token
for the API (scripts, the demo), shown this once."""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys

from services.common.errors import ServiceError
from services.common.i18n import speaker
from services.common.messages import say, translate_errors
from services.common.settings import PROJECT_ROOT
from services.registration.bootstrap import runtime
from services.registration.service_layer import accounts

from .run import migrate_all

PASSWORD_VARIABLE = "NIANLUN_ORGANISER_PASSWORD"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programme", help="programme name, e.g. 贵州省公益机构负责人领导力项目")
    parser.add_argument("--login", help="a mobile number or an e-mail")
    parser.add_argument("--name", help="the name shown to others")
    parser.add_argument("--api-token", action="store_true", help="also print a token for the API")
    args = parser.parse_args(argv)
    migrate_all()
    programme = args.programme or input("项目名称 / Programme name: ")
    login = args.login or input("登录名（手机号或邮箱）/ Login (mobile or e-mail): ")
    name = args.name or input("姓名 / Name: ")
    password = os.environ.get(PASSWORD_VARIABLE) or _ask_password()
    try:
        account = accounts.create_organiser(runtime().sessions, programme, login, name, password)
    except ServiceError as refused:
        if not (args.api_token and refused.status == 409):
            _explain(refused)
            return 2
        account = accounts.sign_in(runtime().sessions, login, password)  # the same organiser, another token
    base = os.environ.get("NIANLUN_PUBLIC_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8080')}")
    print(f"主办方账号已创建 / Organiser created: {account.login}")
    print(f"登录 / Sign in: {base}/registration/account/sign-in")
    if args.api_token:
        print(f"API token: {accounts.issue_account_token(runtime().sessions, account, label='make organiser')}")
    return 0


def script_token(environment: dict[str, str], login: str = "scripts@nianlun.local") -> str:
    """An API token of a scripts organiser of the stack that `environment` points to (its
    var dir or databases), made on first use: how the demo, the simulator and the tests
    create workshops, as a facilitator would from the pages."""
    command = [sys.executable, *script_arguments(login)]
    environment = dict(environment, **script_environment())
    done = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False)
    return token_printed(done.stdout + done.stderr)


def script_arguments(login: str = "scripts@nianlun.local") -> list[str]:
    """The command line (after the interpreter) that makes the scripts organiser and prints
    its token: run here, or inside a container (`docker-compose exec registration python ...`)."""
    return [
        *("-m", "launcher.organiser", "--api-token", "--login", login),
        *("--programme", "脚本项目 / Scripts programme", "--name", "脚本 / Scripts"),
    ]


def script_environment() -> dict[str, str]:
    return {PASSWORD_VARIABLE: _SCRIPTS_PASSWORD}


def token_printed(output: str) -> str:
    for line in output.splitlines():
        if line.startswith("API token: "):
            return line.removeprefix("API token: ").strip()
    raise RuntimeError(f"no API token from launcher.organiser: {output}")


# Scripts use their token, never this password; it only has to pass the rules.
_SCRIPTS_PASSWORD = "scripts-only-" + "x7Kq2mVw"


def _ask_password() -> str:
    first = getpass.getpass("密码（至少 10 位）/ Password (10 characters or more): ")
    if getpass.getpass("再输入一次 / Again: ") != first:
        print("两次输入不一致 / The two do not match.", file=sys.stderr)
        sys.exit(2)
    return first


def _explain(refused: ServiceError) -> None:
    speak = speaker("zh", runtime().settings.translations_dir)
    print(say(refused.message, speak), file=sys.stderr)
    for field, messages in translate_errors(refused.errors or {}, speak).items():
        print(f"  {field}: {'; '.join(messages)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
