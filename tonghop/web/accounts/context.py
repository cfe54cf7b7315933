from tonghop.web.accounts.access import profile


def role(request):
    p = profile(request.user)
    return {"profile": p, "role": p.role if p else None}
