"""A shared password for a lesson: a student types any name (lowercase letters, digits, '-', '_')
and the lesson's password. With `accounts = "system"` a new name becomes a Unix account in the
students' group on first login (useradd, home under hub.home_base); an existing account may log in
this way only if it is in that group, so the password never opens root's or a teacher's account.
"""
import grp
import hmac
import pwd

from jupyterhub.auth import Authenticator, LocalAuthenticator
from jupyterhub.utils import maybe_future
from traitlets import Bool, Unicode


class SharedPasswordAuthenticator(LocalAuthenticator):
    """See the module's documentation."""

    password = Unicode("", help="The lesson's password.").tag(config=True)
    students_group = Unicode("loombook-students", help="The Unix group of accounts made for students.").tag(config=True)
    home_base = Unicode("/home/loombook", help="Where the homes of new accounts go.").tag(config=True)
    system_accounts = Bool(True, help="Students are Unix accounts (False: accounts = 'none', no account is looked up or made).").tag(config=True)

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not self.password or not hmac.compare_digest(data.get("password", "").encode(), self.password.encode()):
            self.log.warning("shared password: wrong password for '%s'", name)
            return None
        if not self.validate_username(name):
            self.log.warning("shared password: '%s' is not a name a student may take", name)
            return None
        if self.system_accounts:
            try:
                account = pwd.getpwnam(name)
            except KeyError:
                return name                               # made by add_user, in the students' group
            if name not in self.admin_users and not self._is_student(account):
                self.log.warning("shared password: '%s' is an existing account outside the group %s; refused", name, self.students_group)
                return None
        return name

    def _is_student(self, account):
        try:
            g = grp.getgrnam(self.students_group)
        except KeyError:
            return False
        return account.pw_gid == g.gr_gid or account.pw_name in g.gr_mem

    def ensure_group(self):
        """The students' group exists (groupadd --system), for the accounts add_user makes."""
        try:
            grp.getgrnam(self.students_group)
        except KeyError:
            import subprocess
            subprocess.run(["groupadd", "--system", self.students_group], check=True)

    async def add_user(self, user):
        if self.system_accounts:
            return await super().add_user(user)
        return await maybe_future(Authenticator.add_user(self, user))

    def add_system_user(self, user):
        self.ensure_group()
        super().add_system_user(user)

    def system_user_exists(self, user):
        try:
            pwd.getpwnam(user.name)
        except KeyError:
            return False
        return True
